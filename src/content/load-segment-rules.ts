// Loads config/segments.yaml (SEGMENTS_FILE): the thresholds of the computed segments, checked at
// start so a typo is reported with its file and field.

import { segmentRulesSchema, type SegmentRules } from '../domain/segments/segment-rules.ts';
import { readYaml } from './read-yaml.ts';

export async function loadSegmentRules(file: string): Promise<SegmentRules> {
  return readYaml(file, segmentRulesSchema);
}
