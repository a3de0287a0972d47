// SMART launch page: EHR launch (?iss=…&launch=…) or standalone launch; session() redirects to the authorization
// server, which sends the browser back to /app/ with a code.

import { session } from './smart.js';

session().then(() => location.replace(location.origin + '/app/')).catch(error => {
  const status = document.getElementById('status');
  status.textContent = error.message;
  status.classList.add('error');
  document.body.dataset.state = 'error';
});
