// The built panel's size, reported by `npm run bench` (issue 4's goal: at most 90 KB gzip).
import { measurePanel } from '../../scripts/bench/panel-size.ts';
import type { Report } from '../../scripts/bench/suite.ts';

export const reports: Report[] = [
  { name: 'panel: size', title: 'the built panel, gzip (level 9)', run: measurePanel },
];
