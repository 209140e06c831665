// The "try credentials" calculator: Basic (RFC 7617) and Digest (RFC 7616) Authorization fields
// built step by step for the panel to explain. Pure, synchronous, never throws.
export { basicCredentials } from './credentials/basic.ts';
export type { BasicOptions } from './credentials/basic.ts';
export type {
  AuthorizationField,
  CredentialNote,
  CredentialsBuilt,
  CredentialsRefused,
  CredentialsResult,
  CredentialStep,
  CredentialStepId,
} from './credentials/step.ts';
