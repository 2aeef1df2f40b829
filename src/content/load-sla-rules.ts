// Loads config/sla.yaml (SLA_FILE): the SLA targets per customer tier, checked at start so a typo
// is reported with its file and field.

import { slaRulesSchema, type SlaRules } from '../domain/sla/sla-rules.ts';
import { readYaml } from './read-yaml.ts';

export async function loadSlaRules(file: string): Promise<SlaRules> {
  return readYaml(file, slaRulesSchema);
}
