import type { ICruiseResult, IForbiddenRuleType } from 'dependency-cruiser';

/** One forbidden arrow: which rule, from which module to which. */
export interface LayerViolation {
  rule: string;
  from: string;
  to: string;
}

export const LAYERED: string[];

export function layerConfig(): { forbidden: IForbiddenRuleType[]; options: Record<string, unknown> };

export function cruiseLayers(
  paths?: string[],
  baseDir?: string,
): Promise<{ result: ICruiseResult; violations: LayerViolation[] }>;
