// Challenges in the shapes of RFC examples, registered extensions and real servers give no error
// diagnostic: AuthLens calls no correct server broken. RFC examples of a scheme the catalogue
// covers give no "not defined" hint either.
import { describe, expect, it } from 'vitest';
import { challengesInTheWild } from './fixtures/challenges-in-the-wild.ts';
import { analyzeChallenges } from './index.ts';

describe('challenges in the wild', () => {
  it.each(challengesInTheWild)('$name ($source): no error', (row) => {
    const { challenges, diagnostics } = analyzeChallenges(row.fields, row.context);
    expect(challenges.length).toBeGreaterThan(0);
    expect(diagnostics.filter((d) => d.severity === 'error')).toEqual([]);
    if (row.specExample) {
      expect(diagnostics.filter((d) => d.code === 'unknown-param')).toEqual([]);
    }
  });

  it('covers the RFC examples and servers the issue names', () => {
    const sources = challengesInTheWild.map((row) => row.source).join('\n');
    for (const rfc of [6750, 9449, 9470, 7616, 7617, 8120, 7486, 7804, 9577, 9728, 4559]) {
      expect(sources).toContain(`RFC ${rfc}`);
    }
    for (const server of ['github', 'docker', 'amazonaws', 'microsoft', 'google', 'IIS', 'nginx']) {
      expect(sources.toLowerCase()).toContain(server.toLowerCase());
    }
    expect(challengesInTheWild.length).toBeGreaterThanOrEqual(50);
  });
});
