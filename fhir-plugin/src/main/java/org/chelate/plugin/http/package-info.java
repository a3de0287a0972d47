/** Small HTTP helpers shared by the plugin's servlet and fetcher and by servers that mount them. */
package org.chelate.plugin.http;
