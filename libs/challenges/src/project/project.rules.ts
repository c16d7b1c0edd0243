/**
 * Whether a measured value meets a target written as `≤10`, `<5`, `≥10000`, `>0.95`, `=3` or a plain number (read
 * as "at least"). Null when either is not a number (a qualitative indicator: the manager judges it). Pure.
 */
export function indicatorMet(target: string, value: string): boolean | null {
  const t = target.trim().replace(/\s+/g, '').replace('<=', '≤').replace('>=', '≥');
  const match = /^(≤|<|≥|>|=)?(-?\d+(?:\.\d+)?)/.exec(t);
  const v = Number(value.trim().replace(/\s+/g, ''));
  if (!match || value.trim() === '' || Number.isNaN(v)) return null;
  const goal = Number(match[2]);
  switch (match[1]) {
    case '≤':
      return v <= goal;
    case '<':
      return v < goal;
    case '>':
      return v > goal;
    case '=':
      return v === goal;
    default:
      return v >= goal;
  }
}
