import { uploadedFileName } from '../files/upload-limits';

const asMulterReadsIt = (name: string) => Buffer.from(name, 'utf8').toString('latin1');

describe('uploadedFileName', () => {
  it('reads the UTF-8 name a browser sent', () => {
    expect(uploadedFileName(asMulterReadsIt('苏州大学成果清单（2026）.xlsx'))).toBe('苏州大学成果清单（2026）.xlsx');
  });

  it('keeps a name that is not UTF-8 as it came', () => {
    expect(uploadedFileName('r\u00e9sum\u00e9.csv')).toBe('r\u00e9sum\u00e9.csv');
  });

  it('turns control characters (a percent-encoded NUL decodes to one) into _', () => {
    expect(uploadedFileName(asMulterReadsIt('成果\u0000清单\u001b.csv'))).toBe('成果_清单_.csv');
    expect(uploadedFileName('\ud800成果.csv')).toBe('_成果.csv');
    expect(uploadedFileName(asMulterReadsIt('成果🚀.csv'))).toBe('成果🚀.csv');
  });
});
