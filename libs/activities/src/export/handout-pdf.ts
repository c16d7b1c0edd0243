import { readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';

import PDFDocument from 'pdfkit';

import type { MatchListRow } from '../match-list/match-list.rows';
import { ChainSection, scoreLabel } from './match-list-table';

/** What the printed handout shows about the activity. */
export interface HandoutInput {
  title: string;
  kindLabel: string;
  when: string;
  place: string;
  organiser: string | null;
  chainNames: string[];
  participantCount: number;
  contacts: boolean;
  sections: ChainSection[];
  generatedAt: string;
}

let fonts: { regular: Buffer; bold: Buffer } | undefined;

/**
 * Noto Sans Hans from @embedpdf/fonts-sc (OFL), read once per process. pdfkit embeds only the glyphs used, so a
 * handout stays small although each font file is ~8 MB.
 */
function cjkFonts(): { regular: Buffer; bold: Buffer } {
  if (!fonts) {
    const dir = join(dirname(require.resolve('@embedpdf/fonts-sc')), '..', 'fonts');
    fonts = {
      regular: readFileSync(join(dir, 'NotoSansHans-Regular.otf')),
      bold: readFileSync(join(dir, 'NotoSansHans-Bold.otf')),
    };
  }
  return fonts;
}

const MARGIN = 56;
const INK = '#1f2937';
const MUTED = '#6b7280';
const ACCENT = '#1d4ed8';
const RULE = '#d1d5db';

/** A4 handout for the tables of a roadshow: the activity, then one block per pair, grouped by chain, page numbers. */
export async function renderHandout(input: HandoutInput): Promise<Buffer> {
  const { regular, bold } = cjkFonts();
  const doc = new PDFDocument({
    size: 'A4',
    margins: { top: MARGIN, bottom: MARGIN + 14, left: MARGIN, right: MARGIN },
    bufferPages: true,
    info: { Title: `${input.title} 对接清单`, Author: '祖冲之攻关计划供需对接平台', Subject: input.kindLabel },
  });
  const chunks: Buffer[] = [];
  const done = new Promise<Buffer>((resolve, reject) => {
    doc.on('data', (c: Buffer) => chunks.push(c));
    doc.on('end', () => resolve(Buffer.concat(chunks)));
    doc.on('error', reject);
  });
  doc.registerFont('cjk', regular);
  doc.registerFont('cjk-bold', bold);
  const width = doc.page.width - MARGIN * 2;

  // Title block
  doc.font('cjk').fontSize(10).fillColor(ACCENT).text(`${input.kindLabel} · 对接清单`, { width });
  doc.moveDown(0.2);
  doc.font('cjk-bold').fontSize(20).fillColor(INK).text(input.title, { width });
  doc.moveDown(0.5);
  const facts: Array<[string, string]> = [
    ['时间', input.when],
    ['地点', input.place],
    ...(input.organiser ? ([['主办', input.organiser]] as Array<[string, string]>) : []),
    ...(input.chainNames.length ? ([['产业链', input.chainNames.join('、')]] as Array<[string, string]>) : []),
    ['参与机构', `${input.participantCount} 家`],
    ['对接项目', `${input.sections.reduce((n, s) => n + s.rows.length, 0)} 对`],
  ];
  for (const [label, value] of facts) {
    doc.font('cjk-bold').fontSize(11).fillColor(MUTED).text(`${label}：`, { continued: true });
    doc.font('cjk').fillColor(INK).text(value, { width });
  }
  if (!input.contacts) {
    doc.moveDown(0.3);
    doc
      .font('cjk')
      .fontSize(9)
      .fillColor(MUTED)
      .text('本清单不含联系方式；如需对接，请联系平台技术经理人。', { width });
  }
  doc.moveDown(0.6);
  rule(doc, width);

  for (const section of input.sections) {
    // A chain heading never ends a page: it stays with its first pair.
    ensureSpace(doc, 40 + blockHeight(doc, blockLines(section.rows[0], input.contacts), width));
    doc.moveDown(0.6);
    doc
      .font('cjk-bold')
      .fontSize(14)
      .fillColor(ACCENT)
      .text(`${section.chainName}（${section.rows.length} 对）`, MARGIN, doc.y, { width });
    doc.moveDown(0.3);
    for (const row of section.rows) pairBlock(doc, row, input.contacts, width);
  }
  if (!input.sections.length) {
    doc.moveDown(1);
    doc.font('cjk').fontSize(11).fillColor(MUTED).text('对接清单暂无项目。', { width });
  }

  // Footer on every page: page numbers and when the list was printed.
  const range = doc.bufferedPageRange();
  for (let i = range.start; i < range.start + range.count; i++) {
    doc.switchToPage(i);
    const bottom = doc.page.margins.bottom;
    doc.page.margins.bottom = 0;
    const y = doc.page.height - MARGIN + 8;
    doc.font('cjk').fontSize(8).fillColor(MUTED);
    doc.text(`生成于 ${input.generatedAt}`, MARGIN, y, { width, align: 'left', lineBreak: false });
    doc.text(`第 ${i + 1} 页 / 共 ${range.count} 页`, MARGIN, y, { width, align: 'right', lineBreak: false });
    doc.page.margins.bottom = bottom;
  }
  doc.end();
  return done;
}

function rule(doc: PDFKit.PDFDocument, width: number): void {
  doc
    .moveTo(MARGIN, doc.y)
    .lineTo(MARGIN + width, doc.y)
    .lineWidth(0.5)
    .strokeColor(RULE)
    .stroke();
}

function ensureSpace(doc: PDFKit.PDFDocument, height: number): void {
  if (doc.y + height > doc.page.height - doc.page.margins.bottom) doc.addPage();
}

type BlockLine = { label: string; text: string; size: number; boldText?: boolean };

const INDENT = 30;

function blockLines(row: MatchListRow, contacts: boolean): BlockLine[] {
  const lines: BlockLine[] = [
    { label: '需求', text: row.demand.title, size: 11.5, boldText: true },
    { label: '需求企业', text: row.demand.organisationName, size: 10 },
    { label: '成果', text: row.achievement.title, size: 11.5, boldText: true },
    { label: '成果单位', text: row.achievement.organisationName, size: 10 },
    { label: '匹配度', text: scoreLabel(row), size: 10 },
  ];
  if (row.summary) lines.push({ label: '匹配理由', text: row.summary, size: 9.5 });
  if (contacts) {
    const c = (x?: { name: string | null; phone: string | null; email: string | null }) =>
      [x?.name, x?.phone, x?.email].filter(Boolean).join('  ') || '—';
    lines.push({ label: '需求联系人', text: c(row.demandContact), size: 9.5 });
    lines.push({ label: '成果联系人', text: c(row.achievementContact), size: 9.5 });
  }
  if (row.note) lines.push({ label: '备注', text: row.note, size: 9.5 });
  lines.push({ label: '现场记录', text: '________________________________________', size: 9.5 });
  return lines;
}

function blockHeight(doc: PDFKit.PDFDocument, lines: BlockLine[], width: number): number {
  return lines.reduce((h, l) => {
    doc.font(l.boldText ? 'cjk-bold' : 'cjk').fontSize(l.size);
    return h + doc.heightOfString(`${l.label}：${l.text}`, { width: width - INDENT }) + l.size * 0.15 + 1;
  }, 24);
}

/** One pair, kept on one page (a block taller than a page simply flows on). */
function pairBlock(doc: PDFKit.PDFDocument, row: MatchListRow, contacts: boolean, width: number): void {
  const lines = blockLines(row, contacts);
  ensureSpace(doc, Math.min(blockHeight(doc, lines, width), doc.page.height - MARGIN * 2 - 20));
  const top = doc.y;
  // The number stays on one line however long the list is.
  const digits = String(row.position).length;
  doc
    .font('cjk-bold')
    .fontSize(digits <= 2 ? 13 : digits === 3 ? 11 : 9)
    .fillColor(ACCENT)
    .text(String(row.position), MARGIN, top, { width: INDENT - 2, lineBreak: false });
  doc.y = top;
  for (const l of lines) {
    doc
      .font('cjk')
      .fontSize(l.size)
      .fillColor(MUTED)
      .text(`${l.label}：`, MARGIN + INDENT, doc.y, {
        width: width - INDENT,
        continued: true,
      });
    doc
      .font(l.boldText ? 'cjk-bold' : 'cjk')
      .fillColor(INK)
      .text(l.text);
    doc.moveDown(0.15);
  }
  doc.moveDown(0.4);
  rule(doc, width);
  doc.moveDown(0.5);
}
