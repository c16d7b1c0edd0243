import { Tag } from 'antd';
import type { ReactNode } from 'react';

const TONES = {
  ok: { color: '#166534', background: '#f0fdf4', borderColor: '#86efac' },
  bad: { color: '#991b1b', background: '#fef2f2', borderColor: '#fca5a5' },
  info: { color: '#1e40af', background: '#eff6ff', borderColor: '#93c5fd' },
  warn: { color: '#9a3412', background: '#fff7ed', borderColor: '#fdba74' },
  plain: undefined,
} as const;

/** A tag in one of a few tones, each with AA contrast (antd's preset tag colours fall short of it). */
export function ToneTag({ tone, children }: { tone: keyof typeof TONES; children: ReactNode }) {
  return <Tag style={TONES[tone]}>{children}</Tag>;
}
