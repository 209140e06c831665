// The teaching catalogue: every scheme in the IANA HTTP Authentication Scheme Registry plus common
// unregistered ones, each with its parameters. The entries live in ./schemes/, one file a scheme.
import type { SchemeInfo } from './model.ts';
import { aws4HmacSha256 } from './schemes/aws.ts';
import { basic } from './schemes/basic.ts';
import { bearer } from './schemes/bearer.ts';
import { concealed } from './schemes/concealed.ts';
import { digest } from './schemes/digest.ts';
import { dpop } from './schemes/dpop.ts';
import { gnap } from './schemes/gnap.ts';
import { hoba } from './schemes/hoba.ts';
import { mutual } from './schemes/mutual.ts';
import { negotiate, ntlm } from './schemes/negotiate.ts';
import { oauth } from './schemes/oauth.ts';
import { privateToken } from './schemes/privatetoken.ts';
import { scramSha1, scramSha256 } from './schemes/scram.ts';
import { vapid } from './schemes/vapid.ts';

/** Registered schemes in registry order, then unregistered ones. */
export const schemes: readonly SchemeInfo[] = [
  basic,
  bearer,
  concealed,
  digest,
  dpop,
  gnap,
  hoba,
  mutual,
  negotiate,
  oauth,
  privateToken,
  scramSha1,
  scramSha256,
  vapid,
  ntlm,
  aws4HmacSha256,
];
