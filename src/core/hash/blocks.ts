// Shared plumbing of the Merkle–Damgård hashes: message padding (RFC 1321 §3.1–3.2, FIPS 180-4
// §5.1) fed block by block to a compression function, and words to lowercase hex.

/** Called with a view and the offset of each block of the padded message, in order. */
export type BlockFunction = (view: DataView, offset: number) => void;

/**
 * Pads the message with 0x80, zeros and its length in bits (64-bit little-endian for MD5,
 * big-endian for SHA-256, 128-bit big-endian for SHA-512) and hands each block to `compress`.
 * Whole blocks are read in place; only the tail is copied.
 */
export function forEachBlock(
  bytes: Uint8Array,
  blockSize: 64 | 128,
  littleEndian: boolean,
  compress: BlockFunction,
): void {
  const whole = bytes.length - (bytes.length % blockSize);
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  for (let offset = 0; offset < whole; offset += blockSize) compress(view, offset);

  const rest = bytes.length - whole;
  const lengthField = blockSize / 8;
  const tailSize = rest + 1 + lengthField <= blockSize ? blockSize : 2 * blockSize;
  const tail = new Uint8Array(tailSize);
  tail.set(bytes.subarray(whole));
  tail[rest] = 0x80;
  // The bit length as two 32-bit halves; exact for any length below 2^53 bits. The upper 64 bits
  // of SHA-512's 128-bit field stay zero.
  const bitsLow = (bytes.length * 8) >>> 0;
  const bitsHigh = Math.floor(bytes.length / 0x20000000) >>> 0;
  const tailView = new DataView(tail.buffer);
  if (littleEndian) {
    tailView.setUint32(tailSize - 8, bitsLow, true);
    tailView.setUint32(tailSize - 4, bitsHigh, true);
  } else {
    tailView.setUint32(tailSize - 8, bitsHigh);
    tailView.setUint32(tailSize - 4, bitsLow);
  }
  for (let offset = 0; offset < tailSize; offset += blockSize) compress(tailView, offset);
}

/** 32-bit words as lowercase hex, each word's octets in the given order. */
export function wordsToHex(words: ArrayLike<number>, count: number, littleEndian: boolean): string {
  let out = '';
  for (let i = 0; i < count; i++) {
    let word = (words[i] ?? 0) >>> 0;
    if (littleEndian) {
      word =
        (((word & 0xff) << 24) |
          ((word & 0xff00) << 8) |
          ((word >>> 8) & 0xff00) |
          (word >>> 24)) >>>
        0;
    }
    out += word.toString(16).padStart(8, '0');
  }
  return out;
}
