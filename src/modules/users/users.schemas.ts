import { Type } from 'typebox';
import { ROLES } from '../../platform/auth.js';
import { ACCOUNT_STATUSES } from '../../../shared/enums.js';
import { Enum, Nullable, Uuid } from '../../platform/schemas.js';

export const Role = Enum(ROLES, 'inspector 巡查员 / town_officer 镇街干部 / city_office 市拆违办 / department 职能部门 / supervisor 纪检监察 / admin 系统管理员');

/** A signed-in user as the web apps see him. */
export const User = Type.Object(
  {
    id: Uuid,
    username: Type.String(),
    displayName: Type.String(),
    role: Role,
    divisionCode: Type.String({ description: 'the division he works for (his jurisdiction)' }),
    divisionName: Type.String(),
    department: Nullable(Type.String({ description: 'a department user: his department' })),
    mustChangePassword: Type.Boolean({ description: 'an admin set the password: only the password routes answer until he changes it' }),
  },
  { description: 'A user' },
);

/** The signed-in user with the login before this one, so he notices one that was not his. */
export const Me = Type.Object(
  {
    ...User.properties,
    lastLogin: Nullable(
      Type.Object({
        at: Type.String({ format: 'date-time' }),
        address: Type.String({ description: 'the address it came from' }),
        failedSince: Type.Integer({ description: 'failed login attempts on this account between that login and this one' }),
      }),
    ),
  },
  { description: 'The signed-in user' },
);

export const AccountStatus = Enum(ACCOUNT_STATUSES, 'active 正常 / locked 已锁定 / must_change_password 待修改密码 / disabled 已停用');

export const Account = Type.Object(
  {
    ...User.properties,
    active: Type.Boolean(),
    status: AccountStatus,
    lockedUntil: Nullable(Type.String({ format: 'date-time', description: 'locked by failed logins until then' })),
  },
  { description: 'An account' },
);

export const NewPassword = Type.String({ minLength: 1, maxLength: 200, description: 'at least 10 characters of three classes, not the username, none of the last 5' });

export const LoginResponse = Type.Object({ token: Type.String({ description: 'bearer token (also set as the session cookie)' }), user: User }, { description: 'Signed in' });
export const AccountList = Type.Object({ items: Type.Array(Account) }, { description: 'Accounts' });
