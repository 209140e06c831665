// The "try credentials" calculator: Basic (RFC 7617) and Digest (RFC 7616) Authorization fields
// built step by step for the panel to explain. Pure, synchronous, never throws.
export { basicCredentials } from './credentials/basic.ts';
export type { BasicOptions } from './credentials/basic.ts';
export {
  digestChallengeParams,
  digestCredentials,
  findDigestAlgorithm,
  DIGEST_ALGORITHMS,
} from './credentials/digest.ts';
export type {
  DigestAlgorithm,
  DigestChallengeParams,
  DigestInput,
  DigestQop,
  RandomSource,
} from './credentials/digest.ts';
export { encodeExtValue } from './credentials/ext-value.ts';
export type {
  AuthorizationField,
  CredentialNote,
  CredentialsBuilt,
  CredentialsRefused,
  CredentialsResult,
  CredentialStep,
  CredentialStepId,
} from './credentials/step.ts';
