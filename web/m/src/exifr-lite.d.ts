/** exifr's lite build (JPEG; TIFF, EXIF and GPS segments, with the tag names the server's full build gives): the same API as the package's main entry. */
declare module 'exifr/dist/lite.esm.mjs' {
  export * from 'exifr';
}
