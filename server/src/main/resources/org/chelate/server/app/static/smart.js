// SMART App Launch 2.0 for the clinician view: EHR launch (launch + iss), standalone launch with PKCE (S256), and the
// open loopback server (/app/?patient=ID, no token). Tokens stay in this tab's sessionStorage; the authorization code
// and state are removed from the address bar as soon as they are used.

const SESSION = 'chelate-view-session';
const PENDING = 'chelate-view-pending-';
export const DEFAULT_CLIENT_ID = 'chelate-clinician-view';
const SCOPES = 'patient/*.rs';

/** The FHIR base this app belongs to: the server that served it. */
export function ownFhirBase() {
  return location.origin + '/fhir';
}

/**
 * Resolves to {iss, token, patient} or redirects to the authorization server (and never resolves).
 * Throws an Error with a message for the user when the launch cannot go on.
 */
export async function session() {
  const query = new URLSearchParams(location.search);
  if (query.has('code') || query.has('error')) {
    return completeAuthorization(query);
  }
  if (query.has('iss') || query.has('launch') || location.pathname.endsWith('/launch.html')) {
    return startAuthorization(query);
  }
  const configuration = await smartConfiguration(ownFhirBase());
  if (configuration === null) {
    if (!query.get('patient')) {
      throw new Error('Open this view with ?patient=ID, or launch it from the EHR.');
    }
    return { iss: ownFhirBase(), token: null, patient: query.get('patient'), open: true };
  }
  const stored = JSON.parse(sessionStorage.getItem(SESSION) || 'null');
  if (stored && stored.expiresAt > Date.now()) {
    return stored;
  }
  return startAuthorization(query);
}

/** The SMART configuration, or null when the server takes no tokens (404). */
async function smartConfiguration(iss) {
  const response = await fetch(iss + '/.well-known/smart-configuration', { headers: { Accept: 'application/json' } });
  if (response.status === 404) {
    return null;
  }
  if (!response.ok) {
    throw new Error('The server\'s SMART configuration could not be read (HTTP ' + response.status + ').');
  }
  return response.json();
}

async function startAuthorization(query) {
  const iss = query.get('iss') || ownFhirBase();
  // the token goes only to the server that served this page: an iss elsewhere could be someone else's trap
  if (iss.replace(/\/$/, '') !== ownFhirBase()) {
    throw new Error('This view only opens records of the server it is served by (' + ownFhirBase() + ').');
  }
  const configuration = await smartConfiguration(iss);
  if (configuration === null) {
    location.replace(location.origin + '/app/' + (query.get('patient') ? '?patient=' + encodeURIComponent(query.get('patient')) : ''));
    return new Promise(() => {});
  }
  if (!configuration.authorization_endpoint || !configuration.token_endpoint) {
    throw new Error('The server\'s SMART configuration names no authorization or token endpoint.');
  }
  const launch = query.get('launch');
  const clientId = query.get('client_id') || DEFAULT_CLIENT_ID;
  const verifier = randomText(48);
  const state = randomText(24);
  const redirectUri = location.origin + '/app/';
  sessionStorage.setItem(PENDING + state, JSON.stringify({
    iss, verifier, clientId, redirectUri, tokenEndpoint: configuration.token_endpoint
  }));
  const authorize = new URL(configuration.authorization_endpoint);
  const parameters = {
    response_type: 'code',
    client_id: clientId,
    redirect_uri: redirectUri,
    scope: (launch ? 'launch ' : 'launch/patient ') + SCOPES,
    state,
    aud: iss,
    code_challenge: await challenge(verifier),
    code_challenge_method: 'S256'
  };
  if (launch) {
    parameters.launch = launch;
  }
  Object.entries(parameters).forEach(([k, v]) => authorize.searchParams.set(k, v));
  location.assign(authorize.toString());
  return new Promise(() => {});
}

async function completeAuthorization(query) {
  const state = query.get('state') || '';
  const pending = JSON.parse(sessionStorage.getItem(PENDING + state) || 'null');
  sessionStorage.removeItem(PENDING + state);
  history.replaceState(null, '', location.pathname);
  if (query.has('error')) {
    throw new Error('The authorization server refused: ' + query.get('error') + ' ' + (query.get('error_description') || ''));
  }
  if (!pending) {
    throw new Error('This sign-in was not started here (unknown state); launch the view again.');
  }
  const body = new URLSearchParams({
    grant_type: 'authorization_code',
    code: query.get('code'),
    redirect_uri: pending.redirectUri,
    client_id: pending.clientId,
    code_verifier: pending.verifier
  });
  const response = await fetch(pending.tokenEndpoint, {
    method: 'POST',
    headers: { 'Content-Type': 'application/x-www-form-urlencoded', Accept: 'application/json' },
    body
  });
  const token = await response.json().catch(() => ({}));
  if (!response.ok || !token.access_token) {
    throw new Error('The token request failed: ' + (token.error || response.status) + ' ' + (token.error_description || ''));
  }
  if (!token.patient) {
    throw new Error('The authorization server gave no patient: this view needs a patient context.');
  }
  const session = {
    iss: pending.iss,
    token: token.access_token,
    patient: token.patient,
    scope: token.scope || '',
    expiresAt: Date.now() + 1000 * (Number(token.expires_in) || 300)
  };
  sessionStorage.setItem(SESSION, JSON.stringify(session));
  return session;
}

function randomText(bytes) {
  const random = new Uint8Array(bytes);
  crypto.getRandomValues(random);
  return base64Url(random);
}

async function challenge(verifier) {
  const digest = await crypto.subtle.digest('SHA-256', new TextEncoder().encode(verifier));
  return base64Url(new Uint8Array(digest));
}

function base64Url(bytes) {
  let text = '';
  bytes.forEach(b => { text += String.fromCharCode(b); });
  return btoa(text).replace(/\+/g, '-').replace(/\//g, '_').replace(/=+$/, '');
}
