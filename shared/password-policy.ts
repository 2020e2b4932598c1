/**
 * Password rules (MLPS level 3, 身份鉴别): the server enforces them on every password it sets (API, CLI); the
 * web app checks the same rules as the user types. Whether a password repeats one of the last
 * `PASSWORD_HISTORY` is known only to the server (it keeps their hashes).
 */
export const PASSWORD_MIN_LENGTH = 10;
export const PASSWORD_MIN_CLASSES = 3;
export const PASSWORD_HISTORY = 5;

export interface PasswordProblem {
  code: 'password.too_short' | 'password.too_few_classes' | 'password.equals_username';
  message: string;
}

/** Lower case, upper case, digits, anything else: how many of these four a password uses. */
export function characterClasses(pw: string): number {
  return [/[a-z]/, /[A-Z]/, /[0-9]/, /[^a-zA-Z0-9]/].filter((re) => re.test(pw)).length;
}

/** What is wrong with a new password (empty when it is acceptable). */
export function passwordProblems(pw: string, username: string): PasswordProblem[] {
  const out: PasswordProblem[] = [];
  if ([...pw].length < PASSWORD_MIN_LENGTH) out.push({ code: 'password.too_short', message: `密码至少 ${PASSWORD_MIN_LENGTH} 位` });
  if (characterClasses(pw) < PASSWORD_MIN_CLASSES)
    out.push({ code: 'password.too_few_classes', message: `密码须包含大写字母、小写字母、数字、符号中的至少 ${PASSWORD_MIN_CLASSES} 类` });
  const name = username.trim().toLowerCase();
  const p = pw.toLowerCase();
  if (name && (p === name || p.includes(name) || p === [...name].reverse().join(''))) out.push({ code: 'password.equals_username', message: '密码不能包含用户名' });
  return out;
}

/** The rules as the page lists them beside the password field. */
export const PASSWORD_RULES_TEXT = `至少 ${PASSWORD_MIN_LENGTH} 位;包含大写字母、小写字母、数字、符号中的至少 ${PASSWORD_MIN_CLASSES} 类;不能包含用户名;不能与最近 ${PASSWORD_HISTORY} 次用过的密码相同`;
