import { normalisePatentNumber } from '@app/registry';

/** Trim, full-width → half-width (NFKC), spaces collapsed, case folded: 「Ｌｅｄ  驱动芯片」 ≡ 「led 驱动芯片」. */
export function normaliseTitle(title: string): string {
  return title.normalize('NFKC').replace(/\s+/g, ' ').trim().toLowerCase();
}

/** The registry's patent normaliser after NFKC (full-width digits typed in Chinese input methods). */
export function normalisePatent(value: string): string {
  return normalisePatentNumber(value.normalize('NFKC'));
}

/**
 * The identity of an imported row: its first patent number (sorted, normalised) when it has one, else its
 * organisation and normalised title. The same record imported twice has the same key.
 */
export function naturalKey(organisationId: string, title: string, patentNumbers: string[] = []): string {
  const patents = patentNumbers.map(normalisePatent).sort();
  return patents.length ? `patent:${patents[0]}` : `title:${organisationId}:${normaliseTitle(title)}`;
}
