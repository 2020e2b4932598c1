/**
 * The case file's rules (一户一档), pure and shared: the server refuses what breaks them, the case page checks
 * the same as the officer types and shows which fields a paper still needs before he asks for it.
 */

export interface FieldProblem {
  field: string;
  code: string;
  message: string;
}

/** GB 11643-1999: the weights of the first 17 digits and the check character for each remainder mod 11. */
const ID_WEIGHTS = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2];
const ID_CHECK = '10X98765432';

/** The check character (0-9 or X) that the first 17 digits of a resident ID number call for. */
export function idCheckChar(first17: string): string {
  let sum = 0;
  for (let i = 0; i < 17; i++) sum += Number(first17[i]) * ID_WEIGHTS[i];
  return ID_CHECK[sum % 11];
}

/** What is wrong with an 18-digit resident ID number (身份证号), or null when it is a valid one. */
export function idNumberProblem(v: string): FieldProblem | null {
  const s = v.trim().toUpperCase();
  const field = 'ownerIdNumber';
  if (!/^\d{17}[\dX]$/.test(s)) return { field, code: 'case.invalid_id_number', message: '身份证号须为18位:前17位数字,末位为数字或X' };
  const y = Number(s.slice(6, 10));
  const m = Number(s.slice(10, 12));
  const d = Number(s.slice(12, 14));
  const born = new Date(Date.UTC(y, m - 1, d));
  if (y < 1900 || born.getUTCMonth() !== m - 1 || born.getUTCDate() !== d || born.getTime() > Date.now())
    return { field, code: 'case.invalid_id_number', message: `身份证号中的出生日期 ${s.slice(6, 14)} 无效` };
  const want = idCheckChar(s);
  if (s[17] !== want) return { field, code: 'case.invalid_id_check_digit', message: '身份证号校验位不正确(GB 11643),请核对号码' };
  return null;
}

/** A mobile number (1[3-9] and 9 digits) or a landline with its area code (0573-85123456, 057385123456). */
const MOBILE = /^1[3-9]\d{9}$/;
const LANDLINE = /^0\d{2,3}-?[1-9]\d{6,7}$/;

export function phoneProblem(v: string): FieldProblem | null {
  const s = v.trim().replace(/\s+/g, '');
  if (MOBILE.test(s) || LANDLINE.test(s)) return null;
  return { field: 'ownerPhone', code: 'case.invalid_phone', message: '联系电话须为11位手机号(1[3-9]开头)或带区号的固定电话(如 0573-85123456)' };
}

const USCC = /^[0-9A-HJ-NPQRTUWXY]{2}\d{6}[0-9A-HJ-NPQRTUWXY]{10}$/;

/** The facts an edit of the file may change, as the API names them (only those sent are checked). */
export interface FileEdit {
  areaM2?: number | null;
  floors?: number | null;
  ownerKind?: string | null;
  ownerName?: string | null;
  ownerIdNumber?: string | null;
  ownerPhone?: string | null;
  enterpriseName?: string | null;
  enterpriseUscc?: string | null;
}

/** Every problem of an edit at once (empty: acceptable). A cleared field (null) is no problem. */
export function fileEditProblems(f: FileEdit): FieldProblem[] {
  const out: FieldProblem[] = [];
  if (f.areaM2 !== undefined && f.areaM2 !== null && !(f.areaM2 > 0)) out.push({ field: 'areaM2', code: 'case.invalid_area', message: '面积须大于 0 平方米' });
  if (f.floors !== undefined && f.floors !== null && !(Number.isInteger(f.floors) && f.floors >= 1 && f.floors <= 200))
    out.push({ field: 'floors', code: 'case.invalid_floors', message: '层数须为 1 至 200 的整数' });
  if (f.ownerIdNumber) {
    const p = idNumberProblem(f.ownerIdNumber);
    if (p) out.push(p);
  }
  if (f.ownerPhone) {
    const p = phoneProblem(f.ownerPhone);
    if (p) out.push(p);
  }
  if (f.enterpriseUscc && !USCC.test(f.enterpriseUscc.trim().toUpperCase()))
    out.push({ field: 'enterpriseUscc', code: 'case.invalid_uscc', message: '统一社会信用代码格式不正确(18位)' });
  if (f.ownerName !== undefined && f.ownerName !== null && f.ownerName.trim() === '') out.push({ field: 'ownerName', code: 'case.blank_name', message: '当事人姓名不能为空白' });
  return out;
}

export const PAPER_KINDS = ['demolition_order', 'reminder', 'delivery_receipt'] as const;
export type PaperKind = (typeof PAPER_KINDS)[number];

/** The facts of a case a paper prints (the API's names; the server maps its row to them). */
export interface PaperFacts {
  ownerKind: string | null;
  ownerName: string | null;
  enterpriseName: string | null;
  /** The place as printed (town, village, 组, 门牌号). */
  addressText: string | null;
  areaM2: number | null;
}

export interface MissingField {
  field: string;
  label: string;
}

const blank = (v: string | null | undefined) => v === null || v === undefined || v.trim() === '';

/**
 * The fields a paper needs that the file leaves empty: every paper names its 当事人 and the place; the
 * 责令限期拆除通知书 also states the area.
 */
export function paperMissing(kind: PaperKind, f: PaperFacts): MissingField[] {
  const out: MissingField[] = [];
  if (f.ownerKind === 'enterprise') {
    if (blank(f.enterpriseName)) out.push({ field: 'enterpriseName', label: '当事人(企业名称)' });
  } else if (blank(f.ownerName) && blank(f.enterpriseName)) out.push({ field: 'ownerName', label: '当事人姓名' });
  if (blank(f.addressText)) out.push({ field: 'addressText', label: '地址' });
  if (kind === 'demolition_order' && (f.areaM2 === null || !(f.areaM2 > 0))) out.push({ field: 'areaM2', label: '面积' });
  return out;
}
