/**
 * Logback filters and level switches for the service's logs. Imports no other streammtl package.
 */
package io.streammtl.logging;
