// Pure data: the State Council's holiday arrangements (国务院办公厅关于 YYYY 年部分节假日安排的通知) for the
// years whose notice is published. The admin imports a year on 工作日历 (or edits days one by one); a
// year whose notice came out after this release is entered by hand from the notice.

export interface OfficialYear {
  year: number;
  /** The notice, as it names itself. */
  source: string;
  published: string;
  /** Holidays as [first, last, name]; make-up working days (调休上班) as [day, name]. */
  holidays: [string, string, string][];
  workdays: [string, string][];
}

export const OFFICIAL_YEARS: readonly OfficialYear[] = [
  {
    year: 2025,
    source: '国务院办公厅关于2025年部分节假日安排的通知(国办发明电〔2024〕12号)',
    published: '2024-11-12',
    holidays: [
      ['2025-01-01', '2025-01-01', '元旦'],
      ['2025-01-28', '2025-02-04', '春节'],
      ['2025-04-04', '2025-04-06', '清明节'],
      ['2025-05-01', '2025-05-05', '劳动节'],
      ['2025-05-31', '2025-06-02', '端午节'],
      ['2025-10-01', '2025-10-08', '国庆节、中秋节'],
    ],
    workdays: [
      ['2025-01-26', '春节调休上班'],
      ['2025-02-08', '春节调休上班'],
      ['2025-04-27', '劳动节调休上班'],
      ['2025-09-28', '国庆节调休上班'],
      ['2025-10-11', '国庆节调休上班'],
    ],
  },
  {
    year: 2026,
    source: '国务院办公厅关于2026年部分节假日安排的通知',
    published: '2025-11-04',
    holidays: [
      ['2026-01-01', '2026-01-03', '元旦'],
      ['2026-02-15', '2026-02-23', '春节'],
      ['2026-04-04', '2026-04-06', '清明节'],
      ['2026-05-01', '2026-05-05', '劳动节'],
      ['2026-06-19', '2026-06-21', '端午节'],
      ['2026-09-25', '2026-09-27', '中秋节'],
      ['2026-10-01', '2026-10-07', '国庆节'],
    ],
    workdays: [
      ['2026-01-04', '元旦调休上班'],
      ['2026-02-14', '春节调休上班'],
      ['2026-02-28', '春节调休上班'],
      ['2026-05-09', '劳动节调休上班'],
      ['2026-09-20', '国庆节调休上班'],
      ['2026-10-10', '国庆节调休上班'],
    ],
  },
];

/** Every day a year's notice sets, in date order. */
export function officialDays(y: OfficialYear): { day: string; kind: 'holiday' | 'workday'; name: string }[] {
  const out: { day: string; kind: 'holiday' | 'workday'; name: string }[] = [];
  for (const [first, last, name] of y.holidays) {
    for (let t = Date.parse(`${first}T00:00:00Z`); t <= Date.parse(`${last}T00:00:00Z`); t += 86400_000)
      out.push({ day: new Date(t).toISOString().slice(0, 10), kind: 'holiday', name });
  }
  for (const [day, name] of y.workdays) out.push({ day, kind: 'workday', name });
  return out.sort((a, b) => a.day.localeCompare(b.day));
}
