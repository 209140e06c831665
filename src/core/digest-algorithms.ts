// The Digest algorithms of the IANA "HTTP Digest Hash Algorithms" registry (RFC 7616 §6.1): three
// hash functions, each with a "-sess" variant. The one list that the catalogue, the diagnostics
// and the credentials calculator read.

/** The registered hash functions, in the order RFC 7616 §6.1 lists them. */
export const DIGEST_HASHES = ['MD5', 'SHA-256', 'SHA-512-256'] as const;

export type DigestHash = (typeof DIGEST_HASHES)[number];

export type DigestAlgorithmName = DigestHash | `${DigestHash}-sess`;

/** Every registered algorithm token: each hash, then its "-sess" variant. */
export const DIGEST_ALGORITHM_NAMES: readonly DigestAlgorithmName[] = DIGEST_HASHES.flatMap(
  (hash): DigestAlgorithmName[] => [hash, `${hash}-sess`],
);

const registered = new Set(DIGEST_ALGORITHM_NAMES.map((name) => name.toLowerCase()));

/** Whether a token names a registered algorithm; tokens compare case-insensitively. */
export function isRegisteredDigestAlgorithm(token: string): boolean {
  return registered.has(token.toLowerCase());
}
