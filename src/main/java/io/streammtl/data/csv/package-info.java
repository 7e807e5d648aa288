/**
 * A small RFC 4180 CSV reader with delimiter detection and errors that name the source, line and column. Imports no
 * other streammtl package.
 */
package io.streammtl.data.csv;
