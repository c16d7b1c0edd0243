import { readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';

import PDFDocument from 'pdfkit';

/** What the public award notice (定榜公告) says: no amounts, no expert names, no individual scores. */
export interface AwardNoticeInput {
  title: string;
  mechanismLabel: string;
  programmeLineLabel: string;
  enterpriseName: string;
  awardedOn: string;
  experts: number;
  bids: number;
  winners: Array<{ rank: number | null; bidderName: string; consortiumName: string | null; mean: number | null }>;
  generatedAt: string;
}

let fonts: { regular: Buffer; bold: Buffer } | undefined;

/** Noto Sans Hans from @embedpdf/fonts-sc (OFL), as the activity handout; pdfkit embeds only the glyphs used. */
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

const MARGIN = 64;
const INK = '#1f2937';
const MUTED = '#6b7280';

/** A4 定榜公告 in Chinese: the call, the winners with their rank and aggregate score, the review in numbers. */
export async function renderAwardNotice(input: AwardNoticeInput): Promise<Buffer> {
  const { regular, bold } = cjkFonts();
  const doc = new PDFDocument({
    size: 'A4',
    margins: { top: MARGIN, bottom: MARGIN, left: MARGIN, right: MARGIN },
    info: { Title: `${input.title} 定榜公告`, Author: '祖冲之攻关计划供需对接平台', Subject: input.mechanismLabel },
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

  doc.font('cjk-bold').fontSize(20).fillColor(INK).text(`${input.mechanismLabel}定榜公告`, { width, align: 'center' });
  doc.moveDown(0.8);
  doc
    .font('cjk')
    .fontSize(12)
    .text(
      `经专家评审，“${input.title}”（出榜单位：${input.enterpriseName}；项目类别：${input.programmeLineLabel}）` +
        `于 ${input.awardedOn} 定榜，结果公告如下：`,
      { width, lineGap: 4 },
    );
  doc.moveDown(0.8);
  input.winners.forEach((w, i) => {
    const who = w.consortiumName ? `${w.bidderName}（牵头，${w.consortiumName}）` : w.bidderName;
    doc
      .font('cjk-bold')
      .fontSize(13)
      .text(`${input.winners.length > 1 ? `${i + 1}. ` : ''}揭榜单位：${who}`, { width });
    doc
      .font('cjk')
      .fontSize(11)
      .fillColor(MUTED)
      .text(`评审排名：第 ${w.rank ?? '—'} 名；专家加权平均分：${w.mean === null ? '—' : w.mean.toFixed(2)}`, {
        width,
      });
    doc.fillColor(INK).moveDown(0.5);
  });
  doc.moveDown(0.5);
  doc
    .font('cjk')
    .fontSize(11)
    .fillColor(INK)
    .text(
      `本榜单共收到有效揭榜方案 ${input.bids} 份，由 ${input.experts} 位评审专家按评审指标独立评分，` +
        '评分取各专家加权得分的平均值；存在利益关联的专家已回避相关方案。专家个人评分不予公开。',
      { width, lineGap: 4 },
    );
  doc.moveDown(1.5);
  doc.text('祖冲之攻关计划供需对接平台', { width, align: 'right' });
  doc.text(input.awardedOn, { width, align: 'right' });
  doc.moveDown(2);
  doc.font('cjk').fontSize(8).fillColor(MUTED).text(`生成于 ${input.generatedAt}`, { width });
  doc.end();
  return done;
}
