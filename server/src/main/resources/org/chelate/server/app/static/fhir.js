// Reads through the FHIR API with the session's token; small helpers to read Parameters defensively.

export class FhirClient {
  constructor(session) {
    this.base = session.iss.replace(/\/$/, '');
    this.token = session.token;
  }

  async get(path) {
    const headers = { Accept: 'application/fhir+json' };
    if (this.token) {
      headers.Authorization = 'Bearer ' + this.token;
    }
    const url = path.startsWith('http') ? path : this.base + '/' + path;
    if (!url.startsWith(this.base + '/') && !url.startsWith(this.base + '?')) {
      throw new Error('refusing to send the token outside the FHIR server: ' + url);
    }
    const response = await fetch(url, { headers });
    if (!response.ok) {
      const outcome = await response.json().catch(() => null);
      const text = outcome && outcome.issue && outcome.issue[0] && outcome.issue[0].diagnostics;
      const error = new Error(path.split('?')[0] + ': HTTP ' + response.status + (text ? ' — ' + text : ''));
      error.status = response.status;
      throw error;
    }
    return response.json();
  }

  /** Every resource of a search, following next links (at most `maxPages`). */
  async search(path, maxPages = 20) {
    const resources = [];
    let next = path;
    for (let page = 0; next && page < maxPages; page++) {
      const bundle = await this.get(next);
      (bundle.entry || []).forEach(e => e.resource && resources.push(e.resource));
      const link = (bundle.link || []).find(l => l.relation === 'next');
      next = link ? link.url : null;
    }
    return resources;
  }
}

/** The value[x] of a parameter or part, whatever its type. */
export function valueOf(parameter) {
  if (!parameter) {
    return undefined;
  }
  const key = Object.keys(parameter).find(k => k.startsWith('value'));
  return key ? parameter[key] : undefined;
}

/** The parts (or parameters) named `name`. */
export function partsNamed(parameter, name) {
  const list = parameter.part || parameter.parameter || [];
  return list.filter(p => p.name === name);
}

export function partNamed(parameter, name) {
  return partsNamed(parameter, name)[0];
}

/** A part's value: a Quantity or decimal as a number, a Reference as its reference, a Coding as its code. */
export function simple(parameter) {
  const v = valueOf(parameter);
  if (v === undefined || v === null) {
    return undefined;
  }
  if (typeof v !== 'object') {
    return v;
  }
  if ('reference' in v) {
    return v.reference;
  }
  if ('value' in v) {
    return Number(v.value);
  }
  if ('code' in v) {
    return v.code;
  }
  return v;
}

export function field(parameter, name) {
  return simple(partNamed(parameter, name));
}
