// SHA-512/256 (FIPS 180-4 §6.7): SHA-512's compression with its own initial value, truncated to
// 256 bits; Digest's "SHA-512-256" (RFC 7616 §3.3). 64-bit words are kept as (high, low) 32-bit
// pairs, which stays exact and is far faster than BigInt.
import { forEachBlock, wordsToHex } from './blocks.ts';

// SHA-512's constants K (§4.2.3), each 64-bit word as its high then low 32 bits.
const K = Int32Array.from([
  0x428a2f98, 0xd728ae22, 0x71374491, 0x23ef65cd, 0xb5c0fbcf, 0xec4d3b2f, 0xe9b5dba5, 0x8189dbbc,
  0x3956c25b, 0xf348b538, 0x59f111f1, 0xb605d019, 0x923f82a4, 0xaf194f9b, 0xab1c5ed5, 0xda6d8118,
  0xd807aa98, 0xa3030242, 0x12835b01, 0x45706fbe, 0x243185be, 0x4ee4b28c, 0x550c7dc3, 0xd5ffb4e2,
  0x72be5d74, 0xf27b896f, 0x80deb1fe, 0x3b1696b1, 0x9bdc06a7, 0x25c71235, 0xc19bf174, 0xcf692694,
  0xe49b69c1, 0x9ef14ad2, 0xefbe4786, 0x384f25e3, 0x0fc19dc6, 0x8b8cd5b5, 0x240ca1cc, 0x77ac9c65,
  0x2de92c6f, 0x592b0275, 0x4a7484aa, 0x6ea6e483, 0x5cb0a9dc, 0xbd41fbd4, 0x76f988da, 0x831153b5,
  0x983e5152, 0xee66dfab, 0xa831c66d, 0x2db43210, 0xb00327c8, 0x98fb213f, 0xbf597fc7, 0xbeef0ee4,
  0xc6e00bf3, 0x3da88fc2, 0xd5a79147, 0x930aa725, 0x06ca6351, 0xe003826f, 0x14292967, 0x0a0e6e70,
  0x27b70a85, 0x46d22ffc, 0x2e1b2138, 0x5c26c926, 0x4d2c6dfc, 0x5ac42aed, 0x53380d13, 0x9d95b3df,
  0x650a7354, 0x8baf63de, 0x766a0abb, 0x3c77b2a8, 0x81c2c92e, 0x47edaee6, 0x92722c85, 0x1482353b,
  0xa2bfe8a1, 0x4cf10364, 0xa81a664b, 0xbc423001, 0xc24b8b70, 0xd0f89791, 0xc76c51a3, 0x0654be30,
  0xd192e819, 0xd6ef5218, 0xd6990624, 0x5565a910, 0xf40e3585, 0x5771202a, 0x106aa070, 0x32bbd1b8,
  0x19a4c116, 0xb8d2d0c8, 0x1e376c08, 0x5141ab53, 0x2748774c, 0xdf8eeb99, 0x34b0bcb5, 0xe19b48a8,
  0x391c0cb3, 0xc5c95a63, 0x4ed8aa4a, 0xe3418acb, 0x5b9cca4f, 0x7763e373, 0x682e6ff3, 0xd6b2b8a3,
  0x748f82ee, 0x5defb2fc, 0x78a5636f, 0x43172f60, 0x84c87814, 0xa1f0ab72, 0x8cc70208, 0x1a6439ec,
  0x90befffa, 0x23631e28, 0xa4506ceb, 0xde82bde9, 0xbef9a3f7, 0xb2c67915, 0xc67178f2, 0xe372532b,
  0xca273ece, 0xea26619c, 0xd186b8c7, 0x21c0c207, 0xeada7dd6, 0xcde0eb1e, 0xf57d4f7f, 0xee6ed178,
  0x06f067aa, 0x72176fba, 0x0a637dc5, 0xa2c898a6, 0x113f9804, 0xbef90dae, 0x1b710b35, 0x131c471b,
  0x28db77f5, 0x23047d84, 0x32caab7b, 0x40c72493, 0x3c9ebe0a, 0x15c9bebc, 0x431d67c4, 0x9c100d4c,
  0x4cc5d4be, 0xcb3e42b6, 0x597f299c, 0xfc657e2a, 0x5fcb6fab, 0x3ad6faec, 0x6c44198c, 0x4a475817,
]);

// SHA-512/256's initial hash value (§5.3.6.2), produced by the SHA-512/t IV generation function.
const H0 = [
  0x22312194, 0xfc2bf72c, 0x9f555fa3, 0xc84c64c2, 0x2393b86b, 0x6f53b151, 0x96387719, 0x5940eabd,
  0x96283ee2, 0xa88effe3, 0xbe5e1e25, 0x53863992, 0x2b0199fc, 0x2c85b8aa, 0x0eb72ddc, 0x81c52ca2,
];

const TWO_32 = 0x100000000;

/** SHA-512/256 of `bytes` as 64 lowercase hex digits. */
export function sha512_256(bytes: Uint8Array): string {
  const h = Int32Array.from(H0);
  const w = new Int32Array(160);
  forEachBlock(bytes, 128, false, (view, offset) => {
    for (let i = 0; i < 32; i++) w[i] = view.getInt32(offset + 4 * i);
    // Message schedule, §6.4.2 step 1: σ0 = ROTR1 ^ ROTR8 ^ SHR7, σ1 = ROTR19 ^ ROTR61 ^ SHR6.
    // A rotation by n ≥ 32 is a rotation by n − 32 with the halves swapped.
    for (let t = 16; t < 80; t++) {
      const xh = w[2 * (t - 15)] ?? 0;
      const xl = w[2 * (t - 15) + 1] ?? 0;
      const s0h = ((xh >>> 1) | (xl << 31)) ^ ((xh >>> 8) | (xl << 24)) ^ (xh >>> 7);
      const s0l = ((xl >>> 1) | (xh << 31)) ^ ((xl >>> 8) | (xh << 24)) ^ ((xl >>> 7) | (xh << 25));
      const yh = w[2 * (t - 2)] ?? 0;
      const yl = w[2 * (t - 2) + 1] ?? 0;
      const s1h = ((yh >>> 19) | (yl << 13)) ^ ((yl >>> 29) | (yh << 3)) ^ (yh >>> 6);
      const s1l =
        ((yl >>> 19) | (yh << 13)) ^ ((yh >>> 29) | (yl << 3)) ^ ((yl >>> 6) | (yh << 26));
      // Sum the low halves as unsigned numbers (exact in a double), carry into the high half.
      const lo =
        (s1l >>> 0) +
        ((w[2 * (t - 7) + 1] ?? 0) >>> 0) +
        (s0l >>> 0) +
        ((w[2 * (t - 16) + 1] ?? 0) >>> 0);
      const hi =
        s1h + (w[2 * (t - 7)] ?? 0) + s0h + (w[2 * (t - 16)] ?? 0) + Math.floor(lo / TWO_32);
      w[2 * t] = hi;
      w[2 * t + 1] = lo;
    }

    let ah = h[0] ?? 0,
      al = h[1] ?? 0,
      bh = h[2] ?? 0,
      bl = h[3] ?? 0,
      ch = h[4] ?? 0,
      cl = h[5] ?? 0,
      dh = h[6] ?? 0,
      dl = h[7] ?? 0,
      eh = h[8] ?? 0,
      el = h[9] ?? 0,
      fh = h[10] ?? 0,
      fl = h[11] ?? 0,
      gh = h[12] ?? 0,
      gl = h[13] ?? 0,
      hh = h[14] ?? 0,
      hl = h[15] ?? 0;
    for (let t = 0; t < 80; t++) {
      // Σ1(e) = ROTR14 ^ ROTR18 ^ ROTR41; Ch(e, f, g); §4.1.3.
      const S1h =
        ((eh >>> 14) | (el << 18)) ^ ((eh >>> 18) | (el << 14)) ^ ((el >>> 9) | (eh << 23));
      const S1l =
        ((el >>> 14) | (eh << 18)) ^ ((el >>> 18) | (eh << 14)) ^ ((eh >>> 9) | (el << 23));
      const chh = (eh & fh) ^ (~eh & gh);
      const chl = (el & fl) ^ (~el & gl);
      // T1 = h + Σ1(e) + Ch(e, f, g) + K[t] + W[t]
      const t1lo =
        (hl >>> 0) +
        (S1l >>> 0) +
        (chl >>> 0) +
        ((K[2 * t + 1] ?? 0) >>> 0) +
        ((w[2 * t + 1] ?? 0) >>> 0);
      const t1h =
        (hh + S1h + chh + (K[2 * t] ?? 0) + (w[2 * t] ?? 0) + Math.floor(t1lo / TWO_32)) | 0;
      const t1l = t1lo | 0;
      // Σ0(a) = ROTR28 ^ ROTR34 ^ ROTR39; Maj(a, b, c).
      const S0h = ((ah >>> 28) | (al << 4)) ^ ((al >>> 2) | (ah << 30)) ^ ((al >>> 7) | (ah << 25));
      const S0l = ((al >>> 28) | (ah << 4)) ^ ((ah >>> 2) | (al << 30)) ^ ((ah >>> 7) | (al << 25));
      const majh = (ah & bh) ^ (ah & ch) ^ (bh & ch);
      const majl = (al & bl) ^ (al & cl) ^ (bl & cl);
      // T2 = Σ0(a) + Maj(a, b, c)
      const t2lo = (S0l >>> 0) + (majl >>> 0);
      const t2h = (S0h + majh + Math.floor(t2lo / TWO_32)) | 0;
      const t2l = t2lo | 0;

      hh = gh;
      hl = gl;
      gh = fh;
      gl = fl;
      fh = eh;
      fl = el;
      // e = d + T1
      const elo = (dl >>> 0) + (t1l >>> 0);
      eh = (dh + t1h + Math.floor(elo / TWO_32)) | 0;
      el = elo | 0;
      dh = ch;
      dl = cl;
      ch = bh;
      cl = bl;
      bh = ah;
      bl = al;
      // a = T1 + T2
      const alo = (t1l >>> 0) + (t2l >>> 0);
      ah = (t1h + t2h + Math.floor(alo / TWO_32)) | 0;
      al = alo | 0;
    }
    add(h, 0, ah, al);
    add(h, 2, bh, bl);
    add(h, 4, ch, cl);
    add(h, 6, dh, dl);
    add(h, 8, eh, el);
    add(h, 10, fh, fl);
    add(h, 12, gh, gl);
    add(h, 14, hh, hl);
  });
  // The first four 64-bit words: 256 bits (§6.7).
  return wordsToHex(h, 8, false);
}

/** h[i..i+1] += (high, low), modulo 2^64. */
function add(h: Int32Array, i: number, high: number, low: number): void {
  const lo = ((h[i + 1] ?? 0) >>> 0) + (low >>> 0);
  h[i] = (h[i] ?? 0) + high + Math.floor(lo / TWO_32);
  h[i + 1] = lo;
}
