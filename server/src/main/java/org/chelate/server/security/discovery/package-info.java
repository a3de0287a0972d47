/** What the server tells clients about its security: SMART discovery and the CapabilityStatement's rest.security. */
package org.chelate.server.security.discovery;
