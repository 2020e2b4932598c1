import { Type } from 'typebox';
import { ROLES } from '../../platform/auth.js';
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
  },
  { description: 'A user' },
);

export const Account = Type.Object({ ...User.properties, active: Type.Boolean() }, { description: 'An account' });

export const LoginResponse = Type.Object({ token: Type.String({ description: 'bearer token (also set as the session cookie)' }), user: User }, { description: 'Signed in' });
export const AccountList = Type.Object({ items: Type.Array(Account) }, { description: 'Accounts' });
