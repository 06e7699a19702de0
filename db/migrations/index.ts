import type { Migration } from 'kysely';
import * as initial from './2026-11-23T1000-initial.js';
import * as importProvenance from './2026-11-23T1200-import-provenance.js';
import * as clusteringRuns from './2026-11-23T1400-clustering-runs.js';
import * as duplicates from './2026-11-23T1500-duplicates.js';
import * as committeeRounds from './2026-12-03T0900-committee-rounds.js';
import * as themeCuration from './2026-12-03T1000-theme-curation.js';
import * as curationStepParts from './2026-12-03T1100-curation-step-parts.js';
import * as agenda from './2026-12-03T1300-agenda.js';
import * as loginLockout from './2026-12-03T1500-login-lockout.js';
import * as vraagpunt from './2026-12-03T1700-vraagpunt.js';

// Explicit registry: reading the folder at run time breaks once bundled.
export const migrations: Record<string, Migration> = {
  '2026-11-23T1000-initial': initial,
  '2026-11-23T1200-import-provenance': importProvenance,
  '2026-11-23T1400-clustering-runs': clusteringRuns,
  '2026-11-23T1500-duplicates': duplicates,
  '2026-12-03T0900-committee-rounds': committeeRounds,
  '2026-12-03T1000-theme-curation': themeCuration,
  '2026-12-03T1100-curation-step-parts': curationStepParts,
  '2026-12-03T1300-agenda': agenda,
  '2026-12-03T1500-login-lockout': loginLockout,
  '2026-12-03T1700-vraagpunt': vraagpunt
};
