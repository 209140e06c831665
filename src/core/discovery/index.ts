// Discovery's public surface (re-exported by src/core/index.ts): follow the chain with a fetcher,
// or build it from responses at hand (the checks themselves run inside the chain).
export {
  MAX_DISCOVERY_REQUESTS,
  discover,
  discoveryFromResponses,
  followDiscovery,
} from './chain.ts';
export type {
  DiscoveryChain,
  DiscoveryDiagnostic,
  DiscoveryDocument,
  DiscoveryOptions,
  DiscoveryStart,
  DocumentRole,
  DocumentSource,
  Fetcher,
  NotFollowed,
} from './chain.ts';
export type { DocumentFields, FetchOutcome, ResponseHeader } from './documents.ts';
