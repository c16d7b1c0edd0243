import { displayWidth, toCsv } from '@app/files';
import ExcelJS from 'exceljs';

import { COLUMNS, ImportKind, KIND_LABELS } from './parsing/columns';

/**
 * The import template: the data sheet first (the importer reads only the first sheet) with two example rows,
 * then 填写说明 with every column, whether it is required and what it accepts.
 */
export async function templateXlsx(kind: ImportKind, chainNames: string[] = []): Promise<Buffer> {
  const columns = COLUMNS[kind];
  const workbook = new ExcelJS.Workbook();
  workbook.creator = '祖冲之攻关计划供需对接平台';
  const data = workbook.addWorksheet(`${KIND_LABELS[kind]}导入`, { views: [{ state: 'frozen', ySplit: 1 }] });
  data.columns = columns.map((c) => ({
    header: c.header,
    key: c.field,
    width: Math.min(40, Math.max(displayWidth(c.header) + 2, ...c.examples.map((e) => displayWidth(e) + 2))),
    // Text format keeps phone and patent numbers as typed (no 1.38E+10, no lost leading zeros).
    style: { numFmt: '@', alignment: { vertical: 'top', wrapText: true } },
  }));
  const header = data.getRow(1);
  header.font = { bold: true };
  header.eachCell((cell, i) => {
    const required = columns[i - 1].required;
    cell.fill = { type: 'pattern', pattern: 'solid', fgColor: { argb: required ? 'FFFDE2E2' : 'FFE8EEF7' } };
    cell.note = columns[i - 1].help;
  });
  for (const n of [0, 1]) data.addRow(columns.map((c) => c.examples[n]));
  const help = workbook.addWorksheet('填写说明');
  help.columns = [
    { header: '列名', key: 'header', width: 26 },
    { header: '是否必填', key: 'required', width: 10 },
    { header: '填写说明与可选值', key: 'help', width: 90 },
  ];
  help.getRow(1).font = { bold: true };
  for (const c of columns) {
    const text = c.field === 'industryChainIds' && chainNames.length ? `${c.help}：${chainNames.join('、')}` : c.help;
    help.addRow({ header: c.header, required: c.required ? '必填' : '选填', help: text });
  }
  help.addRow({});
  for (const line of [
    '1. 请在第一个工作表填写数据，表头须在第一行；列的顺序可以调整，多余的列会被忽略。示例行请删除后再上传。',
    '2. 多个取值（关键词、产业链、专利号、转化方式）用中文或英文分号、逗号或顿号分隔。',
    '3. 单元格请填写数值或文字，不要使用公式（平台不计算公式，含公式的单元格会被判为有误）。',
    '4. 上传后平台先校验并给出预览（新增、更新、无变化、疑似重复、有误及原因），确认后才写入；同一文件重复导入不会重复创建。',
    '5. 也可另存为 csv（UTF-8 或 GBK 编码均可）上传；文件不超过 20 MB、5 万行。',
  ]) {
    help.addRow({ header: line }).alignment = { wrapText: false };
  }
  help.eachRow((row) => (row.alignment = { vertical: 'top', wrapText: true }));
  return Buffer.from(await workbook.xlsx.writeBuffer());
}

export function templateCsv(kind: ImportKind): Buffer {
  const columns = COLUMNS[kind].map((c) => ({ header: c.header, key: c.field }));
  const rows = [0, 1].map((n) => Object.fromEntries(COLUMNS[kind].map((c) => [c.field, c.examples[n]])));
  return toCsv(columns, rows);
}
