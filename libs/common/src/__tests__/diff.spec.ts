import { diffFields, omit } from '../diff';

describe('diffFields', () => {
  it('reports only the fields whose values changed, arrays compared by value', () => {
    const before = { title: '高精度减速器', keywords: ['减速器', '机器人'], budgetMax: 50 };
    const after = { title: '高精度谐波减速器', keywords: ['减速器', '机器人'], budgetMax: 80 };
    const diff = diffFields(before, after, ['title', 'keywords', 'budgetMax']);
    expect(diff.changed).toEqual(['title', 'budgetMax']);
    expect(diff.before).toEqual({ title: '高精度减速器', budgetMax: 50 });
    expect(diff.after).toEqual({ title: '高精度谐波减速器', budgetMax: 80 });
  });

  it('treats undefined and null alike', () => {
    expect(diffFields({ a: undefined as string | undefined | null }, { a: null }, ['a']).changed).toEqual([]);
  });
});

describe('omit', () => {
  it('drops the named keys and leaves the source untouched', () => {
    const source = { title: '需求', contactPhone: '13800000000' };
    expect(omit(source, ['contactPhone'])).toEqual({ title: '需求' });
    expect(source.contactPhone).toBe('13800000000');
  });
});
