/** The perceptual hash of a photo and the distance between two (pure: no image library; photo.image.ts feeds it pixels). */

/** dHash: for each of 8 rows, 8 bits "left pixel brighter than its right neighbour" (9×8 grey input). */
export function dhash(grey9x8: Uint8Array): string {
  let bits = 0n;
  for (let y = 0; y < 8; y++) {
    for (let x = 0; x < 8; x++) bits = (bits << 1n) | (grey9x8[y * 9 + x] > grey9x8[y * 9 + x + 1] ? 1n : 0n);
  }
  return bits.toString(16).padStart(16, '0');
}

/** Bits that differ between two hashes (0 = same picture, ≤10 = very likely the same scene). */
export function hammingHex(a: string, b: string): number {
  let x = BigInt(`0x${a}`) ^ BigInt(`0x${b}`);
  let n = 0;
  while (x) {
    n += Number(x & 1n);
    x >>= 1n;
  }
  return n;
}
