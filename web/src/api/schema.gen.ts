// Generated from the routes' OpenAPI document by `npm run gen:api` (scripts/gen-api-types.ts). Do not edit.

export interface paths {
    "/api/health": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** Liveness and readiness */
        get: {
            parameters: {
                query?: never;
                header?: never;
                path?: never;
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description Up, with its database and blob drivers */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            /** @enum {string} */
                            status: "ok";
                            /** @enum {string} */
                            database: "pglite" | "postgres";
                            /** @enum {string} */
                            blobs: "disk" | "s3";
                            version: string;
                        };
                    };
                };
            };
        };
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/config": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** Settings the web apps need (map tile URL, …) */
        get: {
            parameters: {
                query?: never;
                header?: never;
                path?: never;
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description Settings the web apps need */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            /** @description basemap tile URL template; null: the built-in boundaries only */
                            mapTileUrl: string | null;
                            /** @description metres: a report this close to an open case is checked as a duplicate; `default` and per category */
                            duplicateRadiusM: {
                                [key: string]: number;
                            };
                            categories: {
                                /** @enum {string} */
                                code: "building" | "structure" | "shed" | "pole_line" | "other";
                                /** @description zh-CN */
                                label: string;
                            }[];
                        };
                    };
                };
            };
        };
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/auth/login": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /** Log in with a local account: sets a session cookie and returns a bearer token */
        post: {
            parameters: {
                query?: never;
                header?: never;
                path?: never;
                cookie?: never;
            };
            requestBody: {
                content: {
                    "application/json": {
                        username: string;
                        password: string;
                    };
                };
            };
            responses: {
                /** @description Signed in */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            /** @description bearer token (also set as the session cookie) */
                            token: string;
                            /** @description A user */
                            user: {
                                /**
                                 * Format: uuid
                                 * @description UUID
                                 */
                                id: string;
                                username: string;
                                displayName: string;
                                /**
                                 * @description inspector 巡查员 / town_officer 镇街干部 / city_office 市拆违办 / department 职能部门 / supervisor 纪检监察 / admin 系统管理员
                                 * @enum {string}
                                 */
                                role: "inspector" | "town_officer" | "city_office" | "department" | "supervisor" | "admin";
                                /** @description the division he works for (his jurisdiction) */
                                divisionCode: string;
                                divisionName: string;
                                /** @description a department user: his department */
                                department: string | null;
                                /** @description an admin set the password: only the password routes answer until he changes it */
                                mustChangePassword: boolean;
                            };
                        };
                    };
                };
                /** @description Error */
                400: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            /** @description stable English error code, e.g. case.invalid_transition */
                            code: string;
                            /** @description human message (zh-CN) */
                            message: string;
                            details: unknown;
                        };
                    };
                };
                /** @description Error */
                401: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            /** @description stable English error code, e.g. case.invalid_transition */
                            code: string;
                            /** @description human message (zh-CN) */
                            message: string;
                            details: unknown;
                        };
                    };
                };
                /** @description Error */
                403: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            /** @description stable English error code, e.g. case.invalid_transition */
                            code: string;
                            /** @description human message (zh-CN) */
                            message: string;
                            details: unknown;
                        };
                    };
                };
                /** @description Error */
                404: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            /** @description stable English error code, e.g. case.invalid_transition */
                            code: string;
                            /** @description human message (zh-CN) */
                            message: string;
                            details: unknown;
                        };
                    };
                };
                /** @description Error */
                409: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            /** @description stable English error code, e.g. case.invalid_transition */
                            code: string;
                            /** @description human message (zh-CN) */
                            message: string;
                            details: unknown;
                        };
                    };
                };
                /** @description Error */
                422: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            /** @description stable English error code, e.g. case.invalid_transition */
                            code: string;
                            /** @description human message (zh-CN) */
                            message: string;
                            details: unknown;
                        };
                    };
                };
                /** @description Error */
                423: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            /** @description stable English error code, e.g. case.invalid_transition */
                            code: string;
                            /** @description human message (zh-CN) */
                            message: string;
                            details: unknown;
                        };
                    };
                };
                /** @description Error */
                429: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            /** @description stable English error code, e.g. case.invalid_transition */
                            code: string;
                            /** @description human message (zh-CN) */
                            message: string;
                            details: unknown;
                        };
                    };
                };
            };
        };
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/auth/logout": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /** End the session */
        post: {
            parameters: {
                query?: never;
                header?: never;
                path?: never;
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description done */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            /** @enum {boolean} */
                            ok: true;
                        };
                    };
                };
            };
        };
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/auth/me": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** The signed-in user, with the login before this one */
        get: {
            parameters: {
                query?: never;
                header?: never;
                path?: never;
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description The signed-in user */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            /**
                             * Format: uuid
                             * @description UUID
                             */
                            id: string;
                            username: string;
                            displayName: string;
                            /**
                             * @description inspector 巡查员 / town_officer 镇街干部 / city_office 市拆违办 / department 职能部门 / supervisor 纪检监察 / admin 系统管理员
                             * @enum {string}
                             */
                            role: "inspector" | "town_officer" | "city_office" | "department" | "supervisor" | "admin";
                            /** @description the division he works for (his jurisdiction) */
                            divisionCode: string;
                            divisionName: string;
                            /** @description a department user: his department */
                            department: string | null;
                            /** @description an admin set the password: only the password routes answer until he changes it */
                            mustChangePassword: boolean;
                            lastLogin: {
                                /** Format: date-time */
                                at: string;
                                /** @description the address it came from */
                                address: string;
                                /** @description failed login attempts on this account between that login and this one */
                                failedSince: number;
                            } | null;
                        };
                    };
                };
                /** @description Error */
                400: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            /** @description stable English error code, e.g. case.invalid_transition */
                            code: string;
                            /** @description human message (zh-CN) */
                            message: string;
                            details: unknown;
                        };
                    };
                };
                /** @description Error */
                401: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            /** @description stable English error code, e.g. case.invalid_transition */
                            code: string;
                            /** @description human message (zh-CN) */
                            message: string;
                            details: unknown;
                        };
                    };
                };
                /** @description Error */
                403: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            /** @description stable English error code, e.g. case.invalid_transition */
                            code: string;
                            /** @description human message (zh-CN) */
                            message: string;
                            details: unknown;
                        };
                    };
                };
                /** @description Error */
                404: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            /** @description stable English error code, e.g. case.invalid_transition */
                            code: string;
                            /** @description human message (zh-CN) */
                            message: string;
                            details: unknown;
                        };
                    };
                };
                /** @description Error */
                409: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            /** @description stable English error code, e.g. case.invalid_transition */
                            code: string;
                            /** @description human message (zh-CN) */
                            message: string;
                            details: unknown;
                        };
                    };
                };
                /** @description Error */
                422: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            /** @description stable English error code, e.g. case.invalid_transition */
                            code: string;
                            /** @description human message (zh-CN) */
                            message: string;
                            details: unknown;
                        };
                    };
                };
            };
        };
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/auth/password": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /** Change one’s own password (required first after an admin set it; audited) */
        post: {
            parameters: {
                query?: never;
                header?: never;
                path?: never;
                cookie?: never;
            };
            requestBody: {
                content: {
                    "application/json": {
                        currentPassword: string;
                        /** @description at least 10 characters of three classes, not the username, none of the last 5 */
                        newPassword: string;
                    };
                };
            };
            responses: {
                /** @description done */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            /** @enum {boolean} */
                            ok: true;
                        };
                    };
                };
                /** @description Error */
                400: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            /** @description stable English error code, e.g. case.invalid_transition */
                            code: string;
                            /** @description human message (zh-CN) */
                            message: string;
                            details: unknown;
                        };
                    };
                };
                /** @description Error */
                401: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            /** @description stable English error code, e.g. case.invalid_transition */
                            code: string;
                            /** @description human message (zh-CN) */
                            message: string;
                            details: unknown;
                        };
                    };
                };
                /** @description Error */
                403: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            /** @description stable English error code, e.g. case.invalid_transition */
                            code: string;
                            /** @description human message (zh-CN) */
                            message: string;
                            details: unknown;
                        };
                    };
                };
                /** @description Error */
                404: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            /** @description stable English error code, e.g. case.invalid_transition */
                            code: string;
                            /** @description human message (zh-CN) */
                            message: string;
                            details: unknown;
                        };
                    };
                };
                /** @description Error */
                409: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            /** @description stable English error code, e.g. case.invalid_transition */
                            code: string;
                            /** @description human message (zh-CN) */
                            message: string;
                            details: unknown;
                        };
                    };
                };
                /** @description Error */
                422: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            /** @description stable English error code, e.g. case.invalid_transition */
                            code: string;
                            /** @description human message (zh-CN) */
                            message: string;
                            details: unknown;
                        };
                    };
                };
            };
        };
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/users": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** Accounts inside the caller’s jurisdiction (admin, city office, supervisor) */
        get: {
            parameters: {
                query?: never;
                header?: never;
                path?: never;
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description Accounts */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            items: {
                                /**
                                 * Format: uuid
                                 * @description UUID
                                 */
                                id: string;
                                username: string;
                                displayName: string;
                                /**
                                 * @description inspector 巡查员 / town_officer 镇街干部 / city_office 市拆违办 / department 职能部门 / supervisor 纪检监察 / admin 系统管理员
                                 * @enum {string}
                                 */
                                role: "inspector" | "town_officer" | "city_office" | "department" | "supervisor" | "admin";
                                /** @description the division he works for (his jurisdiction) */
                                divisionCode: string;
                                divisionName: string;
                                /** @description a department user: his department */
                                department: string | null;
                                /** @description an admin set the password: only the password routes answer until he changes it */
                                mustChangePassword: boolean;
                                active: boolean;
                                /**
                                 * @description active 正常 / locked 已锁定 / must_change_password 待修改密码 / disabled 已停用
                                 * @enum {string}
                                 */
                                status: "active" | "locked" | "must_change_password" | "disabled";
                                /**
                                 * Format: date-time
                                 * @description locked by failed logins until then
                                 */
                                lockedUntil: string | null;
                            }[];
                        };
                    };
                };
                /** @description Error */
                400: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            /** @description stable English error code, e.g. case.invalid_transition */
                            code: string;
                            /** @description human message (zh-CN) */
                            message: string;
                            details: unknown;
                        };
                    };
                };
                /** @description Error */
                401: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            /** @description stable English error code, e.g. case.invalid_transition */
                            code: string;
                            /** @description human message (zh-CN) */
                            message: string;
                            details: unknown;
                        };
                    };
                };
                /** @description Error */
                403: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            /** @description stable English error code, e.g. case.invalid_transition */
                            code: string;
                            /** @description human message (zh-CN) */
                            message: string;
                            details: unknown;
                        };
                    };
                };
                /** @description Error */
                404: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            /** @description stable English error code, e.g. case.invalid_transition */
                            code: string;
                            /** @description human message (zh-CN) */
                            message: string;
                            details: unknown;
                        };
                    };
                };
                /** @description Error */
                409: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            /** @description stable English error code, e.g. case.invalid_transition */
                            code: string;
                            /** @description human message (zh-CN) */
                            message: string;
                            details: unknown;
                        };
                    };
                };
                /** @description Error */
                422: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            /** @description stable English error code, e.g. case.invalid_transition */
                            code: string;
                            /** @description human message (zh-CN) */
                            message: string;
                            details: unknown;
                        };
                    };
                };
            };
        };
        put?: never;
        /** Create an account (admin); its first login must change the password */
        post: {
            parameters: {
                query?: never;
                header?: never;
                path?: never;
                cookie?: never;
            };
            requestBody: {
                content: {
                    "application/json": {
                        username: string;
                        displayName: string;
                        /** @description at least 10 characters of three classes, not the username, none of the last 5 */
                        password: string;
                        role: "inspector" | "town_officer" | "city_office" | "department" | "supervisor" | "admin";
                        divisionCode: string;
                        department?: string;
                        phone?: string;
                    };
                };
            };
            responses: {
                /** @description The account made */
                201: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            /**
                             * Format: uuid
                             * @description UUID
                             */
                            id: string;
                            username: string;
                            displayName: string;
                            /**
                             * @description inspector 巡查员 / town_officer 镇街干部 / city_office 市拆违办 / department 职能部门 / supervisor 纪检监察 / admin 系统管理员
                             * @enum {string}
                             */
                            role: "inspector" | "town_officer" | "city_office" | "department" | "supervisor" | "admin";
                            /** @description the division he works for (his jurisdiction) */
                            divisionCode: string;
                            divisionName: string;
                            /** @description a department user: his department */
                            department: string | null;
                            /** @description an admin set the password: only the password routes answer until he changes it */
                            mustChangePassword: boolean;
                        };
                    };
                };
                /** @description Error */
                400: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            /** @description stable English error code, e.g. case.invalid_transition */
                            code: string;
                            /** @description human message (zh-CN) */
                            message: string;
                            details: unknown;
                        };
                    };
                };
                /** @description Error */
                401: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            /** @description stable English error code, e.g. case.invalid_transition */
                            code: string;
                            /** @description human message (zh-CN) */
                            message: string;
                            details: unknown;
                        };
                    };
                };
                /** @description Error */
                403: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            /** @description stable English error code, e.g. case.invalid_transition */
                            code: string;
                            /** @description human message (zh-CN) */
                            message: string;
                            details: unknown;
                        };
                    };
                };
                /** @description Error */
                404: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            /** @description stable English error code, e.g. case.invalid_transition */
                            code: string;
                            /** @description human message (zh-CN) */
                            message: string;
                            details: unknown;
                        };
                    };
                };
                /** @description Error */
                409: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            /** @description stable English error code, e.g. case.invalid_transition */
                            code: string;
                            /** @description human message (zh-CN) */
                            message: string;
                            details: unknown;
                        };
                    };
                };
                /** @description Error */
                422: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            /** @description stable English error code, e.g. case.invalid_transition */
                            code: string;
                            /** @description human message (zh-CN) */
                            message: string;
                            details: unknown;
                        };
                    };
                };
            };
        };
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/users/unlock": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /** Open an account that repeated failed logins locked (admin; audited) */
        post: {
            parameters: {
                query?: never;
                header?: never;
                path?: never;
                cookie?: never;
            };
            requestBody: {
                content: {
                    "application/json": {
                        username: string;
                    };
                };
            };
            responses: {
                /** @description done */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            /** @enum {boolean} */
                            ok: true;
                        };
                    };
                };
                /** @description Error */
                400: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            /** @description stable English error code, e.g. case.invalid_transition */
                            code: string;
                            /** @description human message (zh-CN) */
                            message: string;
                            details: unknown;
                        };
                    };
                };
                /** @description Error */
                401: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            /** @description stable English error code, e.g. case.invalid_transition */
                            code: string;
                            /** @description human message (zh-CN) */
                            message: string;
                            details: unknown;
                        };
                    };
                };
                /** @description Error */
                403: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            /** @description stable English error code, e.g. case.invalid_transition */
                            code: string;
                            /** @description human message (zh-CN) */
                            message: string;
                            details: unknown;
                        };
                    };
                };
                /** @description Error */
                404: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            /** @description stable English error code, e.g. case.invalid_transition */
                            code: string;
                            /** @description human message (zh-CN) */
                            message: string;
                            details: unknown;
                        };
                    };
                };
                /** @description Error */
                409: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            /** @description stable English error code, e.g. case.invalid_transition */
                            code: string;
                            /** @description human message (zh-CN) */
                            message: string;
                            details: unknown;
                        };
                    };
                };
                /** @description Error */
                422: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            /** @description stable English error code, e.g. case.invalid_transition */
                            code: string;
                            /** @description human message (zh-CN) */
                            message: string;
                            details: unknown;
                        };
                    };
                };
            };
        };
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/users/{id}": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        /** Change another account’s role, division, name or whether it may log in (admin; never one’s own; audited) */
        patch: {
            parameters: {
                query?: never;
                header?: never;
                path: {
                    /** @description UUID */
                    id: string;
                };
                cookie?: never;
            };
            requestBody: {
                content: {
                    "application/json": {
                        /** @enum {string} */
                        role?: "inspector" | "town_officer" | "city_office" | "department" | "supervisor" | "admin";
                        divisionCode?: string;
                        active?: boolean;
                        displayName?: string;
                        department?: string | null;
                    };
                };
            };
            responses: {
                /** @description A user */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            /**
                             * Format: uuid
                             * @description UUID
                             */
                            id: string;
                            username: string;
                            displayName: string;
                            /**
                             * @description inspector 巡查员 / town_officer 镇街干部 / city_office 市拆违办 / department 职能部门 / supervisor 纪检监察 / admin 系统管理员
                             * @enum {string}
                             */
                            role: "inspector" | "town_officer" | "city_office" | "department" | "supervisor" | "admin";
                            /** @description the division he works for (his jurisdiction) */
                            divisionCode: string;
                            divisionName: string;
                            /** @description a department user: his department */
                            department: string | null;
                            /** @description an admin set the password: only the password routes answer until he changes it */
                            mustChangePassword: boolean;
                        };
                    };
                };
                /** @description Error */
                400: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            /** @description stable English error code, e.g. case.invalid_transition */
                            code: string;
                            /** @description human message (zh-CN) */
                            message: string;
                            details: unknown;
                        };
                    };
                };
                /** @description Error */
                401: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            /** @description stable English error code, e.g. case.invalid_transition */
                            code: string;
                            /** @description human message (zh-CN) */
                            message: string;
                            details: unknown;
                        };
                    };
                };
                /** @description Error */
                403: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            /** @description stable English error code, e.g. case.invalid_transition */
                            code: string;
                            /** @description human message (zh-CN) */
                            message: string;
                            details: unknown;
                        };
                    };
                };
                /** @description Error */
                404: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            /** @description stable English error code, e.g. case.invalid_transition */
                            code: string;
                            /** @description human message (zh-CN) */
                            message: string;
                            details: unknown;
                        };
                    };
                };
                /** @description Error */
                409: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            /** @description stable English error code, e.g. case.invalid_transition */
                            code: string;
                            /** @description human message (zh-CN) */
                            message: string;
                            details: unknown;
                        };
                    };
                };
                /** @description Error */
                422: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            /** @description stable English error code, e.g. case.invalid_transition */
                            code: string;
                            /** @description human message (zh-CN) */
                            message: string;
                            details: unknown;
                        };
                    };
                };
            };
        };
        trace?: never;
    };
    "/api/users/{id}/password": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /** Set a temporary password for another account (admin): its sessions end, its next login must change it */
        post: {
            parameters: {
                query?: never;
                header?: never;
                path: {
                    /** @description UUID */
                    id: string;
                };
                cookie?: never;
            };
            requestBody: {
                content: {
                    "application/json": {
                        /** @description at least 10 characters of three classes, not the username, none of the last 5 */
                        password: string;
                    };
                };
            };
            responses: {
                /** @description done */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            /** @enum {boolean} */
                            ok: true;
                        };
                    };
                };
                /** @description Error */
                400: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            /** @description stable English error code, e.g. case.invalid_transition */
                            code: string;
                            /** @description human message (zh-CN) */
                            message: string;
                            details: unknown;
                        };
                    };
                };
                /** @description Error */
                401: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            /** @description stable English error code, e.g. case.invalid_transition */
                            code: string;
                            /** @description human message (zh-CN) */
                            message: string;
                            details: unknown;
                        };
                    };
                };
                /** @description Error */
                403: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            /** @description stable English error code, e.g. case.invalid_transition */
                            code: string;
                            /** @description human message (zh-CN) */
                            message: string;
                            details: unknown;
                        };
                    };
                };
                /** @description Error */
                404: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            /** @description stable English error code, e.g. case.invalid_transition */
                            code: string;
                            /** @description human message (zh-CN) */
                            message: string;
                            details: unknown;
                        };
                    };
                };
                /** @description Error */
                409: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            /** @description stable English error code, e.g. case.invalid_transition */
                            code: string;
                            /** @description human message (zh-CN) */
                            message: string;
                            details: unknown;
                        };
                    };
                };
                /** @description Error */
                422: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            /** @description stable English error code, e.g. case.invalid_transition */
                            code: string;
                            /** @description human message (zh-CN) */
                            message: string;
                            details: unknown;
                        };
                    };
                };
            };
        };
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/divisions": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** The division tree (city → town → village) as a flat list, or boundaries as GeoJSON (format=geojson) */
        get: {
            parameters: {
                query?: {
                    format?: "json" | "geojson";
                    /** @description comma-separated: city,town,village (GeoJSON only) */
                    level?: string;
                    /** @description simplification tolerance in degrees (GeoJSON only) */
                    simplify?: number;
                };
                header?: never;
                path?: never;
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description The divisions (JSON) or their boundaries (GeoJSON) */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            items: {
                                /** @description statistical division code */
                                code: string;
                                parentCode: string | null;
                                /**
                                 * @description city 市 / town 镇街 / village 村社区
                                 * @enum {string}
                                 */
                                level: "city" | "town" | "village";
                                /** @description e.g. 镇, 街道, 村, 社区 */
                                kind: string | null;
                                name: string;
                                shortName: string;
                                population: number | null;
                                landAreaKm2: number | null;
                                cultivatedAreaKm2: number | null;
                                /** @description the boundary is drawn, not surveyed */
                                boundarySynthetic: boolean;
                                /** @description the population is estimated */
                                populationSynthetic: boolean;
                                /** @description inside the caller's jurisdiction */
                                inJurisdiction: boolean;
                            }[];
                        };
                        "application/geo+json": {
                            /** @enum {string} */
                            type: "FeatureCollection";
                            features: {
                                /** @enum {string} */
                                type: "Feature";
                                id?: string | number;
                                /** @description GeoJSON geometry, WGS84 */
                                geometry: ({
                                    type: string;
                                    coordinates: unknown;
                                } & {
                                    [key: string]: unknown;
                                }) | null;
                                properties: {
                                    code: string;
                                    parentCode: string | null;
                                    /**
                                     * @description city 市 / town 镇街 / village 村社区
                                     * @enum {string}
                                     */
                                    level: "city" | "town" | "village";
                                    kind: string | null;
                                    name: string;
                                    shortName: string;
                                    population: number | null;
                                    landAreaKm2: number | null;
                                    cultivatedAreaKm2: number | null;
                                    boundarySynthetic: boolean;
                                    /** @description [lon, lat] */
                                    centroid: number[];
                                };
                            }[];
                        };
                    };
                };
                /** @description Error */
                400: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            /** @description stable English error code, e.g. case.invalid_transition */
                            code: string;
                            /** @description human message (zh-CN) */
                            message: string;
                            details: unknown;
                        };
                    };
                };
                /** @description Error */
                401: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            /** @description stable English error code, e.g. case.invalid_transition */
                            code: string;
                            /** @description human message (zh-CN) */
                            message: string;
                            details: unknown;
                        };
                    };
                };
                /** @description Error */
                403: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            /** @description stable English error code, e.g. case.invalid_transition */
                            code: string;
                            /** @description human message (zh-CN) */
                            message: string;
                            details: unknown;
                        };
                    };
                };
                /** @description Error */
                404: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            /** @description stable English error code, e.g. case.invalid_transition */
                            code: string;
                            /** @description human message (zh-CN) */
                            message: string;
                            details: unknown;
                        };
                    };
                };
                /** @description Error */
                409: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            /** @description stable English error code, e.g. case.invalid_transition */
                            code: string;
                            /** @description human message (zh-CN) */
                            message: string;
                            details: unknown;
                        };
                    };
                };
                /** @description Error */
                422: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            /** @description stable English error code, e.g. case.invalid_transition */
                            code: string;
                            /** @description human message (zh-CN) */
                            message: string;
                            details: unknown;
                        };
                    };
                };
            };
        };
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/divisions/locate": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** Point-in-polygon: the village and town of a WGS84 location */
        get: {
            parameters: {
                query: {
                    lon: number;
                    lat: number;
                };
                header?: never;
                path?: never;
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description The village and town at the point */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            villageCode: string;
                            villageName: string;
                            townCode: string;
                            townName: string;
                            /** @description the division path (ltree) */
                            path: string;
                        };
                    };
                };
                /** @description Error */
                400: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            /** @description stable English error code, e.g. case.invalid_transition */
                            code: string;
                            /** @description human message (zh-CN) */
                            message: string;
                            details: unknown;
                        };
                    };
                };
                /** @description Error */
                401: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            /** @description stable English error code, e.g. case.invalid_transition */
                            code: string;
                            /** @description human message (zh-CN) */
                            message: string;
                            details: unknown;
                        };
                    };
                };
                /** @description Error */
                403: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            /** @description stable English error code, e.g. case.invalid_transition */
                            code: string;
                            /** @description human message (zh-CN) */
                            message: string;
                            details: unknown;
                        };
                    };
                };
                /** @description Error */
                404: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            /** @description stable English error code, e.g. case.invalid_transition */
                            code: string;
                            /** @description human message (zh-CN) */
                            message: string;
                            details: unknown;
                        };
                    };
                };
                /** @description Error */
                409: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            /** @description stable English error code, e.g. case.invalid_transition */
                            code: string;
                            /** @description human message (zh-CN) */
                            message: string;
                            details: unknown;
                        };
                    };
                };
                /** @description Error */
                422: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            /** @description stable English error code, e.g. case.invalid_transition */
                            code: string;
                            /** @description human message (zh-CN) */
                            message: string;
                            details: unknown;
                        };
                    };
                };
            };
        };
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/cases": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** List cases (filters, sort, paging); GeoJSON with Accept: application/geo+json or format=geojson */
        get: {
            parameters: {
                query?: {
                    /** @description minLon,minLat,maxLon,maxLat (WGS84) */
                    bbox?: string;
                    /** @description a polygon drawn on the map: lon,lat;lon,lat;… (WGS84, 3–500 vertices; the ring is closed for you) */
                    polygon?: string;
                    /** @description division code: the whole subtree */
                    division?: string;
                    /** @description comma-separated statuses */
                    status?: string;
                    origin?: string;
                    disposalClass?: string;
                    source?: string;
                    landType?: string;
                    onBasicFarmland?: boolean;
                    onCultivatedLand?: boolean;
                    /** @description found on or after (YYYY-MM-DD) */
                    foundFrom?: string;
                    /** @description found before (YYYY-MM-DD, exclusive) */
                    foundTo?: string;
                    /** @description free text: case number, address, owner, enterprise, note */
                    q?: string;
                    /** @description `me` or a user id: cases this user reported */
                    reportedBy?: "me" | string;
                    /** @description only cases with (true) / without (false) an unresolved probable duplicate */
                    suspectedDuplicate?: boolean;
                    /** @description only open cases past their step deadline (true) */
                    overdue?: boolean;
                    /** @description only the cases a census import made (GET /api/imports/{id}) */
                    importId?: string;
                    sort?: "found_at" | "updated_at" | "case_no" | "area_m2" | "status";
                    order?: "asc" | "desc";
                    limit?: number;
                    offset?: number;
                    format?: "json" | "geojson";
                };
                header?: never;
                path?: never;
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description A page of cases (JSON) or the page as GeoJSON points */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            total: number;
                            items: {
                                /**
                                 * Format: uuid
                                 * @description UUID
                                 */
                                id: string;
                                /** @description e.g. PH-2026-000123 */
                                caseNo: string;
                                /** @enum {string} */
                                status: "reported" | "verified" | "rejected" | "classified" | "rectifying" | "closing_requested" | "closed";
                                /**
                                 * @description stock 存量 / new 新增
                                 * @enum {string}
                                 */
                                origin: "stock" | "new";
                                /**
                                 * @description demolish 拆除 / remedy 整改补办 / defer 暂缓
                                 * @enum {string|null}
                                 */
                                disposalClass: "demolish" | "remedy" | "defer" | null;
                                /** @description patrol, complaint, satellite, drone, census_import, department, provincial, prefecture */
                                source: string;
                                /** @description building, structure, shed, pole_line, other */
                                category: string;
                                lon: number;
                                lat: number;
                                /** @description the village */
                                divisionCode: string;
                                divisionName: string;
                                townCode: string;
                                townName: string;
                                areaM2: number | null;
                                floors: number | null;
                                /** @description brick_concrete, frame, steel, simple, wood, other */
                                structure: string | null;
                                /** @description residential, production, storage, commercial, livestock, other */
                                use: string | null;
                                /** @description construction, agricultural, cultivated, basic_farmland, unused, other */
                                landType: string | null;
                                onCultivatedLand: boolean;
                                onBasicFarmland: boolean;
                                /** @description individual, enterprise, collective */
                                ownerKind: string | null;
                                ownerName: string | null;
                                enterpriseName: string | null;
                                addressText: string | null;
                                /** @description low, medium, high */
                                safetyRisk: string;
                                /** Format: date-time */
                                foundAt: string;
                                /**
                                 * Format: date-time
                                 * @description the deadline of the step the case is in
                                 */
                                deadlineAt: string | null;
                                /** @description deferred: the day it is reviewed (YYYY-MM-DD) */
                                reviewDate: string | null;
                                /** Format: date-time */
                                updatedAt: string;
                                /** @description for optimistic locking: send it back with an edit or an action */
                                version: number;
                                photoCount: number;
                            }[];
                        };
                        "application/geo+json": {
                            /** @enum {string} */
                            type: "FeatureCollection";
                            numberMatched: number;
                            numberReturned: number;
                            features: {
                                /** @enum {string} */
                                type: "Feature";
                                /**
                                 * Format: uuid
                                 * @description UUID
                                 */
                                id: string;
                                geometry: {
                                    /** @enum {string} */
                                    type: "Point";
                                    coordinates: number[];
                                };
                                properties: {
                                    /**
                                     * Format: uuid
                                     * @description UUID
                                     */
                                    id: string;
                                    /** @description e.g. PH-2026-000123 */
                                    caseNo: string;
                                    /** @enum {string} */
                                    status: "reported" | "verified" | "rejected" | "classified" | "rectifying" | "closing_requested" | "closed";
                                    /**
                                     * @description stock 存量 / new 新增
                                     * @enum {string}
                                     */
                                    origin: "stock" | "new";
                                    /**
                                     * @description demolish 拆除 / remedy 整改补办 / defer 暂缓
                                     * @enum {string|null}
                                     */
                                    disposalClass: "demolish" | "remedy" | "defer" | null;
                                    /** @description patrol, complaint, satellite, drone, census_import, department, provincial, prefecture */
                                    source: string;
                                    /** @description building, structure, shed, pole_line, other */
                                    category: string;
                                    /** @description the village */
                                    divisionCode: string;
                                    divisionName: string;
                                    townCode: string;
                                    townName: string;
                                    areaM2: number | null;
                                    floors: number | null;
                                    /** @description brick_concrete, frame, steel, simple, wood, other */
                                    structure: string | null;
                                    /** @description residential, production, storage, commercial, livestock, other */
                                    use: string | null;
                                    /** @description construction, agricultural, cultivated, basic_farmland, unused, other */
                                    landType: string | null;
                                    onCultivatedLand: boolean;
                                    onBasicFarmland: boolean;
                                    /** @description individual, enterprise, collective */
                                    ownerKind: string | null;
                                    ownerName: string | null;
                                    enterpriseName: string | null;
                                    addressText: string | null;
                                    /** @description low, medium, high */
                                    safetyRisk: string;
                                    /** Format: date-time */
                                    foundAt: string;
                                    /**
                                     * Format: date-time
                                     * @description the deadline of the step the case is in
                                     */
                                    deadlineAt: string | null;
                                    /** @description deferred: the day it is reviewed (YYYY-MM-DD) */
                                    reviewDate: string | null;
                                    /** Format: date-time */
                                    updatedAt: string;
                                    /** @description for optimistic locking: send it back with an edit or an action */
                                    version: number;
                                    photoCount: number;
                                };
                            }[];
                        };
                    };
                };
                /** @description Error */
                400: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            /** @description stable English error code, e.g. case.invalid_transition */
                            code: string;
                            /** @description human message (zh-CN) */
                            message: string;
                            details: unknown;
                        };
                    };
                };
                /** @description Error */
                401: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            /** @description stable English error code, e.g. case.invalid_transition */
                            code: string;
                            /** @description human message (zh-CN) */
                            message: string;
                            details: unknown;
                        };
                    };
                };
                /** @description Error */
                403: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            /** @description stable English error code, e.g. case.invalid_transition */
                            code: string;
                            /** @description human message (zh-CN) */
                            message: string;
                            details: unknown;
                        };
                    };
                };
                /** @description Error */
                404: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            /** @description stable English error code, e.g. case.invalid_transition */
                            code: string;
                            /** @description human message (zh-CN) */
                            message: string;
                            details: unknown;
                        };
                    };
                };
                /** @description Error */
                409: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            /** @description stable English error code, e.g. case.invalid_transition */
                            code: string;
                            /** @description human message (zh-CN) */
                            message: string;
                            details: unknown;
                        };
                    };
                };
                /** @description Error */
                422: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            /** @description stable English error code, e.g. case.invalid_transition */
                            code: string;
                            /** @description human message (zh-CN) */
                            message: string;
                            details: unknown;
                        };
                    };
                };
            };
        };
        put?: never;
        /**
         * Register a case: JSON (office entry) or multipart/form-data (a patrol report with photos)
         * @description JSON: the registry facts (CreateCaseBody). Multipart (the patrol app): fields `clientId` (UUID, required), `lon`, `lat`, optional `crs` (`wgs84` default or `gcj02`), `accuracy` (m), `category`, `note`, `capturedAt` (ISO 8601), and one or more files `photo` (JPEG, PNG or HEIC). 201 with the case; 200 with the existing case when the same report is sent again (same clientId and content); 409 `case.client_id_conflict` when the clientId was used with different content. The division is derived from the location on the server. Every photo is checked (type from the bytes, pixel limit, one decode) before any case exists; nothing is stored when one fails. Two phases (a weak link): with `originals` (JSON array, one declaration per file: `{sha256, bytes, width, height, exif}`) the files are reduced copies (≤ 1600 px, ≤ 300 KB, EXIF kept); each photo answers `original.status = awaiting` and its original follows as a tus upload to `/api/uploads` (docs/two-phase-report.md). A resend is recognised by the originals' hashes.
         */
        post: {
            parameters: {
                query?: never;
                header?: never;
                path?: never;
                cookie?: never;
            };
            requestBody: {
                content: {
                    "application/json": {
                        lon: number;
                        lat: number;
                        /** @description coordinate system of lon/lat; gcj02 is converted on the server */
                        crs?: "wgs84" | "gcj02";
                        source: "patrol" | "complaint" | "satellite" | "drone" | "census_import" | "department" | "provincial" | "prefecture";
                        /** Format: date-time */
                        foundAt?: string;
                        /**
                         * Format: uuid
                         * @description UUID
                         */
                        clientId?: string;
                        externalRefs?: {
                            system: string;
                            externalId: string;
                        }[];
                        /** @description stock 存量 / new 新增 */
                        origin?: "stock" | "new";
                        category?: "building" | "structure" | "shed" | "pole_line" | "other";
                        /** @description area in m² */
                        areaM2?: number | null;
                        floors?: number | null;
                        structure?: ("brick_concrete" | "frame" | "steel" | "simple" | "wood" | "other") | (never | null);
                        use?: ("residential" | "production" | "storage" | "commercial" | "livestock" | "other") | (never | null);
                        landType?: ("construction" | "agricultural" | "cultivated" | "basic_farmland" | "unused" | "other") | (never | null);
                        onCultivatedLand?: boolean;
                        onBasicFarmland?: boolean;
                        ownerKind?: ("individual" | "enterprise" | "collective") | (never | null);
                        ownerName?: string | null;
                        /** @description 18-digit resident ID number */
                        ownerIdNumber?: string | null;
                        ownerPhone?: string | null;
                        enterpriseName?: string | null;
                        /** @description unified social credit code (统一社会信用代码) */
                        enterpriseUscc?: string | null;
                        /** @description village group (组) */
                        addressGroup?: string | null;
                        /** @description house number */
                        addressHouseNo?: string | null;
                        safetyRisk?: "low" | "medium" | "high";
                        note?: string | null;
                        /** @description GeoJSON Polygon or MultiPolygon, WGS84 */
                        footprint?: {
                            type: "Polygon" | "MultiPolygon";
                            coordinates: unknown[];
                        } | null;
                    };
                    "multipart/form-data": {
                        /**
                         * Format: uuid
                         * @description generated on the device when the report is made; a resend carries the same one
                         */
                        clientId?: string;
                        lon?: number;
                        lat?: number;
                        crs?: "wgs84" | "gcj02";
                        /** @description metres, from the device */
                        accuracy?: number;
                        category?: "building" | "structure" | "shed" | "pole_line" | "other";
                        note?: string;
                        /** Format: date-time */
                        capturedAt?: string;
                        /** @description JPEG, PNG or HEIC (required); with `originals`: the reduced copies */
                        photo?: string[];
                        /** @description two phases: JSON array, one per `photo` in order, `{sha256, bytes, width, height, exif}` of the original that follows as a tus upload (exif as shared/photo-exif.ts reads it, or null) */
                        originals?: string;
                    };
                };
            };
            responses: {
                /** @description The same report sent again: the case it made */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            /**
                             * Format: uuid
                             * @description UUID
                             */
                            id: string;
                            /** @description e.g. PH-2026-000123 */
                            caseNo: string;
                            /** @enum {string} */
                            status: "reported" | "verified" | "rejected" | "classified" | "rectifying" | "closing_requested" | "closed";
                            /**
                             * @description stock 存量 / new 新增
                             * @enum {string}
                             */
                            origin: "stock" | "new";
                            /**
                             * @description demolish 拆除 / remedy 整改补办 / defer 暂缓
                             * @enum {string|null}
                             */
                            disposalClass: "demolish" | "remedy" | "defer" | null;
                            /** @description patrol, complaint, satellite, drone, census_import, department, provincial, prefecture */
                            source: string;
                            /** @description building, structure, shed, pole_line, other */
                            category: string;
                            lon: number;
                            lat: number;
                            /** @description the village */
                            divisionCode: string;
                            divisionName: string;
                            townCode: string;
                            townName: string;
                            areaM2: number | null;
                            floors: number | null;
                            /** @description brick_concrete, frame, steel, simple, wood, other */
                            structure: string | null;
                            /** @description residential, production, storage, commercial, livestock, other */
                            use: string | null;
                            /** @description construction, agricultural, cultivated, basic_farmland, unused, other */
                            landType: string | null;
                            onCultivatedLand: boolean;
                            onBasicFarmland: boolean;
                            /** @description individual, enterprise, collective */
                            ownerKind: string | null;
                            ownerName: string | null;
                            enterpriseName: string | null;
                            addressText: string | null;
                            /** @description low, medium, high */
                            safetyRisk: string;
                            /** Format: date-time */
                            foundAt: string;
                            /**
                             * Format: date-time
                             * @description the deadline of the step the case is in
                             */
                            deadlineAt: string | null;
                            /** @description deferred: the day it is reviewed (YYYY-MM-DD) */
                            reviewDate: string | null;
                            /** Format: date-time */
                            updatedAt: string;
                            /** @description for optimistic locking: send it back with an edit or an action */
                            version: number;
                            /** @description the patrol app's id of the report it came from */
                            clientId: string | null;
                            /** @description GeoJSON geometry, WGS84 */
                            footprint: ({
                                type: string;
                                coordinates: unknown;
                            } & {
                                [key: string]: unknown;
                            }) | null;
                            /** @description masked (3304**********1234); in full only from POST /api/cases/{id}/personal-data */
                            ownerIdNumber: string | null;
                            /** @description masked (138****5678) */
                            ownerPhone: string | null;
                            /** @description always true: the ID number and phone above are masked */
                            personalDataMasked: boolean;
                            /** @description whether the viewer may reveal them in full (town officer, city office), each look audited */
                            personalDataRevealable: boolean;
                            enterpriseUscc: string | null;
                            addressGroup: string | null;
                            addressHouseNo: string | null;
                            remedyRef: string | null;
                            deferReason: string | null;
                            rejectReason: string | null;
                            /**
                             * Format: uuid
                             * @description UUID
                             */
                            duplicateOf: string | null;
                            /** @description the case number of the case this one was merged into */
                            duplicateOfCaseNo: string | null;
                            note: string | null;
                            /**
                             * Format: uuid
                             * @description UUID
                             */
                            reportedBy: string | null;
                            /** Format: date-time */
                            verifiedAt: string | null;
                            /** Format: date-time */
                            classifiedAt: string | null;
                            /** Format: date-time */
                            closedAt: string | null;
                            /** Format: date-time */
                            createdAt: string;
                            photos?: {
                                /**
                                 * Format: uuid
                                 * @description UUID
                                 */
                                id: string;
                                /**
                                 * Format: uuid
                                 * @description UUID
                                 */
                                caseId: string;
                                /**
                                 * @description before 整改前 / during 整改中 / after 整改后
                                 * @enum {string}
                                 */
                                stage: "before" | "during" | "after";
                                sha256: string;
                                mime: string;
                                bytes: number;
                                width: number | null;
                                height: number | null;
                                /** Format: date-time */
                                capturedAt: string | null;
                                captureLon: number | null;
                                captureLat: number | null;
                                captureAccuracyM: number | null;
                                /** @description the EXIF tags read */
                                exif: {
                                    [key: string]: unknown;
                                } | null;
                                /** @description perceptual hash (hex) */
                                phash: string | null;
                                evidence: ({
                                    exifPresent: boolean;
                                    /** @enum {string|null} */
                                    locationSource: "exif" | "device" | null;
                                    gpsDistanceM: number | null;
                                    caseDistanceM: number | null;
                                    /** @enum {string|null} */
                                    timeSource: "exif" | "device" | null;
                                    captureLagS: number | null;
                                    device: string | null;
                                    flags: string[];
                                } & {
                                    [key: string]: unknown;
                                }) | null;
                                /** @description The original of a photo sent in two phases */
                                original: {
                                    /**
                                     * @description awaiting 原图上传中 (the reduced copy stands in) / verified (the original is the evidence of record) / refused (the bytes were not the original declared; the reduced copy stays the evidence)
                                     * @enum {string}
                                     */
                                    status: "awaiting" | "verified" | "refused";
                                    /** @description the SHA-256 the phone declared */
                                    sha256: string;
                                    /** @description the size the phone declared */
                                    bytes: number;
                                    /** @description where to create the tus upload (POST, with `Upload-Metadata: photoId <base64>`) */
                                    uploadPath: string;
                                    /**
                                     * Format: date-time
                                     * @description when a missing original raises the flag original_missing
                                     */
                                    dueAt: string;
                                    /**
                                     * Format: date-time
                                     * @description when the flag original_missing was raised
                                     */
                                    missingSince: string | null;
                                    /** Format: date-time */
                                    receivedAt: string | null;
                                    /** @description the hash of the bytes that arrived (refused ones too) */
                                    receivedSha256: string | null;
                                    /** @description what the refused bytes contradict: sha256, bytes, type, width, height, exif.<field>, exif, duplicate_on_case */
                                    mismatches: string[];
                                } | null;
                                /** Format: date-time */
                                uploadedAt: string;
                                urls: {
                                    original: string;
                                    /** @description ≤1280 px, watermarked */
                                    display: string;
                                    /** @description ≤256 px */
                                    thumbnail: string;
                                };
                            }[];
                        };
                    };
                };
                /** @description The case registered */
                201: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            /**
                             * Format: uuid
                             * @description UUID
                             */
                            id: string;
                            /** @description e.g. PH-2026-000123 */
                            caseNo: string;
                            /** @enum {string} */
                            status: "reported" | "verified" | "rejected" | "classified" | "rectifying" | "closing_requested" | "closed";
                            /**
                             * @description stock 存量 / new 新增
                             * @enum {string}
                             */
                            origin: "stock" | "new";
                            /**
                             * @description demolish 拆除 / remedy 整改补办 / defer 暂缓
                             * @enum {string|null}
                             */
                            disposalClass: "demolish" | "remedy" | "defer" | null;
                            /** @description patrol, complaint, satellite, drone, census_import, department, provincial, prefecture */
                            source: string;
                            /** @description building, structure, shed, pole_line, other */
                            category: string;
                            lon: number;
                            lat: number;
                            /** @description the village */
                            divisionCode: string;
                            divisionName: string;
                            townCode: string;
                            townName: string;
                            areaM2: number | null;
                            floors: number | null;
                            /** @description brick_concrete, frame, steel, simple, wood, other */
                            structure: string | null;
                            /** @description residential, production, storage, commercial, livestock, other */
                            use: string | null;
                            /** @description construction, agricultural, cultivated, basic_farmland, unused, other */
                            landType: string | null;
                            onCultivatedLand: boolean;
                            onBasicFarmland: boolean;
                            /** @description individual, enterprise, collective */
                            ownerKind: string | null;
                            ownerName: string | null;
                            enterpriseName: string | null;
                            addressText: string | null;
                            /** @description low, medium, high */
                            safetyRisk: string;
                            /** Format: date-time */
                            foundAt: string;
                            /**
                             * Format: date-time
                             * @description the deadline of the step the case is in
                             */
                            deadlineAt: string | null;
                            /** @description deferred: the day it is reviewed (YYYY-MM-DD) */
                            reviewDate: string | null;
                            /** Format: date-time */
                            updatedAt: string;
                            /** @description for optimistic locking: send it back with an edit or an action */
                            version: number;
                            /** @description the patrol app's id of the report it came from */
                            clientId: string | null;
                            /** @description GeoJSON geometry, WGS84 */
                            footprint: ({
                                type: string;
                                coordinates: unknown;
                            } & {
                                [key: string]: unknown;
                            }) | null;
                            /** @description masked (3304**********1234); in full only from POST /api/cases/{id}/personal-data */
                            ownerIdNumber: string | null;
                            /** @description masked (138****5678) */
                            ownerPhone: string | null;
                            /** @description always true: the ID number and phone above are masked */
                            personalDataMasked: boolean;
                            /** @description whether the viewer may reveal them in full (town officer, city office), each look audited */
                            personalDataRevealable: boolean;
                            enterpriseUscc: string | null;
                            addressGroup: string | null;
                            addressHouseNo: string | null;
                            remedyRef: string | null;
                            deferReason: string | null;
                            rejectReason: string | null;
                            /**
                             * Format: uuid
                             * @description UUID
                             */
                            duplicateOf: string | null;
                            /** @description the case number of the case this one was merged into */
                            duplicateOfCaseNo: string | null;
                            note: string | null;
                            /**
                             * Format: uuid
                             * @description UUID
                             */
                            reportedBy: string | null;
                            /** Format: date-time */
                            verifiedAt: string | null;
                            /** Format: date-time */
                            classifiedAt: string | null;
                            /** Format: date-time */
                            closedAt: string | null;
                            /** Format: date-time */
                            createdAt: string;
                            photos?: {
                                /**
                                 * Format: uuid
                                 * @description UUID
                                 */
                                id: string;
                                /**
                                 * Format: uuid
                                 * @description UUID
                                 */
                                caseId: string;
                                /**
                                 * @description before 整改前 / during 整改中 / after 整改后
                                 * @enum {string}
                                 */
                                stage: "before" | "during" | "after";
                                sha256: string;
                                mime: string;
                                bytes: number;
                                width: number | null;
                                height: number | null;
                                /** Format: date-time */
                                capturedAt: string | null;
                                captureLon: number | null;
                                captureLat: number | null;
                                captureAccuracyM: number | null;
                                /** @description the EXIF tags read */
                                exif: {
                                    [key: string]: unknown;
                                } | null;
                                /** @description perceptual hash (hex) */
                                phash: string | null;
                                evidence: ({
                                    exifPresent: boolean;
                                    /** @enum {string|null} */
                                    locationSource: "exif" | "device" | null;
                                    gpsDistanceM: number | null;
                                    caseDistanceM: number | null;
                                    /** @enum {string|null} */
                                    timeSource: "exif" | "device" | null;
                                    captureLagS: number | null;
                                    device: string | null;
                                    flags: string[];
                                } & {
                                    [key: string]: unknown;
                                }) | null;
                                /** @description The original of a photo sent in two phases */
                                original: {
                                    /**
                                     * @description awaiting 原图上传中 (the reduced copy stands in) / verified (the original is the evidence of record) / refused (the bytes were not the original declared; the reduced copy stays the evidence)
                                     * @enum {string}
                                     */
                                    status: "awaiting" | "verified" | "refused";
                                    /** @description the SHA-256 the phone declared */
                                    sha256: string;
                                    /** @description the size the phone declared */
                                    bytes: number;
                                    /** @description where to create the tus upload (POST, with `Upload-Metadata: photoId <base64>`) */
                                    uploadPath: string;
                                    /**
                                     * Format: date-time
                                     * @description when a missing original raises the flag original_missing
                                     */
                                    dueAt: string;
                                    /**
                                     * Format: date-time
                                     * @description when the flag original_missing was raised
                                     */
                                    missingSince: string | null;
                                    /** Format: date-time */
                                    receivedAt: string | null;
                                    /** @description the hash of the bytes that arrived (refused ones too) */
                                    receivedSha256: string | null;
                                    /** @description what the refused bytes contradict: sha256, bytes, type, width, height, exif.<field>, exif, duplicate_on_case */
                                    mismatches: string[];
                                } | null;
                                /** Format: date-time */
                                uploadedAt: string;
                                urls: {
                                    original: string;
                                    /** @description ≤1280 px, watermarked */
                                    display: string;
                                    /** @description ≤256 px */
                                    thumbnail: string;
                                };
                            }[];
                        };
                    };
                };
                /** @description Error */
                400: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            /** @description stable English error code, e.g. case.invalid_transition */
                            code: string;
                            /** @description human message (zh-CN) */
                            message: string;
                            details: unknown;
                        };
                    };
                };
                /** @description Error */
                401: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            /** @description stable English error code, e.g. case.invalid_transition */
                            code: string;
                            /** @description human message (zh-CN) */
                            message: string;
                            details: unknown;
                        };
                    };
                };
                /** @description Error */
                403: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            /** @description stable English error code, e.g. case.invalid_transition */
                            code: string;
                            /** @description human message (zh-CN) */
                            message: string;
                            details: unknown;
                        };
                    };
                };
                /** @description Error */
                404: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            /** @description stable English error code, e.g. case.invalid_transition */
                            code: string;
                            /** @description human message (zh-CN) */
                            message: string;
                            details: unknown;
                        };
                    };
                };
                /** @description Error */
                409: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            /** @description stable English error code, e.g. case.invalid_transition */
                            code: string;
                            /** @description human message (zh-CN) */
                            message: string;
                            details: unknown;
                        };
                    };
                };
                /** @description Error */
                422: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            /** @description stable English error code, e.g. case.invalid_transition */
                            code: string;
                            /** @description human message (zh-CN) */
                            message: string;
                            details: unknown;
                        };
                    };
                };
            };
        };
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/cases/nearby": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * Open cases around a point, nearest first, within your jurisdiction (the duplicate check before a report)
         * @description `radius` in metres (default 50, at most 500; more is a 400). `include=closed` adds closed demolitions (a report there is a rebuild). `distance` is in metres. `crs=gcj02` converts AMap/浙政钉 coordinates on the server.
         */
        get: {
            parameters: {
                query: {
                    lon: number;
                    lat: number;
                    crs?: "wgs84" | "gcj02";
                    /** @description metres, default 50, at most 500 */
                    radius?: number;
                    /** @description also closed demolitions (a report there is a rebuild) */
                    include?: "closed";
                };
                header?: never;
                path?: never;
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description Cases around the point, nearest first */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            items: {
                                /**
                                 * Format: uuid
                                 * @description UUID
                                 */
                                id: string;
                                caseNo: string;
                                /** @enum {string} */
                                status: "reported" | "verified" | "rejected" | "classified" | "rectifying" | "closing_requested" | "closed";
                                /**
                                 * @description demolish 拆除 / remedy 整改补办 / defer 暂缓
                                 * @enum {string|null}
                                 */
                                disposalClass: "demolish" | "remedy" | "defer" | null;
                                category: string;
                                lon: number;
                                lat: number;
                                /** @description metres */
                                distance: number;
                                divisionName: string;
                                townName: string;
                                /** Format: date-time */
                                foundAt: string;
                                note: string | null;
                                version: number;
                                photoCount: number;
                                thumbnails: string[];
                            }[];
                        };
                    };
                };
                /** @description Error */
                400: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            /** @description stable English error code, e.g. case.invalid_transition */
                            code: string;
                            /** @description human message (zh-CN) */
                            message: string;
                            details: unknown;
                        };
                    };
                };
                /** @description Error */
                401: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            /** @description stable English error code, e.g. case.invalid_transition */
                            code: string;
                            /** @description human message (zh-CN) */
                            message: string;
                            details: unknown;
                        };
                    };
                };
                /** @description Error */
                403: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            /** @description stable English error code, e.g. case.invalid_transition */
                            code: string;
                            /** @description human message (zh-CN) */
                            message: string;
                            details: unknown;
                        };
                    };
                };
                /** @description Error */
                404: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            /** @description stable English error code, e.g. case.invalid_transition */
                            code: string;
                            /** @description human message (zh-CN) */
                            message: string;
                            details: unknown;
                        };
                    };
                };
                /** @description Error */
                409: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            /** @description stable English error code, e.g. case.invalid_transition */
                            code: string;
                            /** @description human message (zh-CN) */
                            message: string;
                            details: unknown;
                        };
                    };
                };
                /** @description Error */
                422: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            /** @description stable English error code, e.g. case.invalid_transition */
                            code: string;
                            /** @description human message (zh-CN) */
                            message: string;
                            details: unknown;
                        };
                    };
                };
            };
        };
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/cases/{id}": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** One case with photos, external references, timeline, allowed actions, the suggested disposal class, department tasks (with their photos), supervision notices and the assignee */
        get: {
            parameters: {
                query?: never;
                header?: never;
                path: {
                    /** @description UUID */
                    id: string;
                };
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description The case with its photos, tasks, notices, assignee, references, timeline, allowed actions, suggestion and duplicate candidates */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            /**
                             * Format: uuid
                             * @description UUID
                             */
                            id: string;
                            /** @description e.g. PH-2026-000123 */
                            caseNo: string;
                            /** @enum {string} */
                            status: "reported" | "verified" | "rejected" | "classified" | "rectifying" | "closing_requested" | "closed";
                            /**
                             * @description stock 存量 / new 新增
                             * @enum {string}
                             */
                            origin: "stock" | "new";
                            /**
                             * @description demolish 拆除 / remedy 整改补办 / defer 暂缓
                             * @enum {string|null}
                             */
                            disposalClass: "demolish" | "remedy" | "defer" | null;
                            /** @description patrol, complaint, satellite, drone, census_import, department, provincial, prefecture */
                            source: string;
                            /** @description building, structure, shed, pole_line, other */
                            category: string;
                            lon: number;
                            lat: number;
                            /** @description the village */
                            divisionCode: string;
                            divisionName: string;
                            townCode: string;
                            townName: string;
                            areaM2: number | null;
                            floors: number | null;
                            /** @description brick_concrete, frame, steel, simple, wood, other */
                            structure: string | null;
                            /** @description residential, production, storage, commercial, livestock, other */
                            use: string | null;
                            /** @description construction, agricultural, cultivated, basic_farmland, unused, other */
                            landType: string | null;
                            onCultivatedLand: boolean;
                            onBasicFarmland: boolean;
                            /** @description individual, enterprise, collective */
                            ownerKind: string | null;
                            ownerName: string | null;
                            enterpriseName: string | null;
                            addressText: string | null;
                            /** @description low, medium, high */
                            safetyRisk: string;
                            /** Format: date-time */
                            foundAt: string;
                            /**
                             * Format: date-time
                             * @description the deadline of the step the case is in
                             */
                            deadlineAt: string | null;
                            /** @description deferred: the day it is reviewed (YYYY-MM-DD) */
                            reviewDate: string | null;
                            /** Format: date-time */
                            updatedAt: string;
                            /** @description for optimistic locking: send it back with an edit or an action */
                            version: number;
                            /** @description the patrol app's id of the report it came from */
                            clientId: string | null;
                            /** @description GeoJSON geometry, WGS84 */
                            footprint: ({
                                type: string;
                                coordinates: unknown;
                            } & {
                                [key: string]: unknown;
                            }) | null;
                            /** @description masked (3304**********1234); in full only from POST /api/cases/{id}/personal-data */
                            ownerIdNumber: string | null;
                            /** @description masked (138****5678) */
                            ownerPhone: string | null;
                            /** @description always true: the ID number and phone above are masked */
                            personalDataMasked: boolean;
                            /** @description whether the viewer may reveal them in full (town officer, city office), each look audited */
                            personalDataRevealable: boolean;
                            enterpriseUscc: string | null;
                            addressGroup: string | null;
                            addressHouseNo: string | null;
                            remedyRef: string | null;
                            deferReason: string | null;
                            rejectReason: string | null;
                            /**
                             * Format: uuid
                             * @description UUID
                             */
                            duplicateOf: string | null;
                            /** @description the case number of the case this one was merged into */
                            duplicateOfCaseNo: string | null;
                            note: string | null;
                            /**
                             * Format: uuid
                             * @description UUID
                             */
                            reportedBy: string | null;
                            /** Format: date-time */
                            verifiedAt: string | null;
                            /** Format: date-time */
                            classifiedAt: string | null;
                            /** Format: date-time */
                            closedAt: string | null;
                            /** Format: date-time */
                            createdAt: string;
                            photos: {
                                /**
                                 * Format: uuid
                                 * @description UUID
                                 */
                                id: string;
                                /**
                                 * Format: uuid
                                 * @description UUID
                                 */
                                caseId: string;
                                /**
                                 * @description before 整改前 / during 整改中 / after 整改后
                                 * @enum {string}
                                 */
                                stage: "before" | "during" | "after";
                                sha256: string;
                                mime: string;
                                bytes: number;
                                width: number | null;
                                height: number | null;
                                /** Format: date-time */
                                capturedAt: string | null;
                                captureLon: number | null;
                                captureLat: number | null;
                                captureAccuracyM: number | null;
                                /** @description the EXIF tags read */
                                exif: {
                                    [key: string]: unknown;
                                } | null;
                                /** @description perceptual hash (hex) */
                                phash: string | null;
                                evidence: ({
                                    exifPresent: boolean;
                                    /** @enum {string|null} */
                                    locationSource: "exif" | "device" | null;
                                    gpsDistanceM: number | null;
                                    caseDistanceM: number | null;
                                    /** @enum {string|null} */
                                    timeSource: "exif" | "device" | null;
                                    captureLagS: number | null;
                                    device: string | null;
                                    flags: string[];
                                } & {
                                    [key: string]: unknown;
                                }) | null;
                                /** @description The original of a photo sent in two phases */
                                original: {
                                    /**
                                     * @description awaiting 原图上传中 (the reduced copy stands in) / verified (the original is the evidence of record) / refused (the bytes were not the original declared; the reduced copy stays the evidence)
                                     * @enum {string}
                                     */
                                    status: "awaiting" | "verified" | "refused";
                                    /** @description the SHA-256 the phone declared */
                                    sha256: string;
                                    /** @description the size the phone declared */
                                    bytes: number;
                                    /** @description where to create the tus upload (POST, with `Upload-Metadata: photoId <base64>`) */
                                    uploadPath: string;
                                    /**
                                     * Format: date-time
                                     * @description when a missing original raises the flag original_missing
                                     */
                                    dueAt: string;
                                    /**
                                     * Format: date-time
                                     * @description when the flag original_missing was raised
                                     */
                                    missingSince: string | null;
                                    /** Format: date-time */
                                    receivedAt: string | null;
                                    /** @description the hash of the bytes that arrived (refused ones too) */
                                    receivedSha256: string | null;
                                    /** @description what the refused bytes contradict: sha256, bytes, type, width, height, exif.<field>, exif, duplicate_on_case */
                                    mismatches: string[];
                                } | null;
                                /** Format: date-time */
                                uploadedAt: string;
                                urls: {
                                    original: string;
                                    /** @description ≤1280 px, watermarked */
                                    display: string;
                                    /** @description ≤256 px */
                                    thumbnail: string;
                                };
                            }[];
                            tasks: {
                                /**
                                 * Format: uuid
                                 * @description UUID
                                 */
                                id: string;
                                /**
                                 * Format: uuid
                                 * @description UUID
                                 */
                                caseId: string;
                                department: string;
                                title: string;
                                /** @description YYYY-MM-DD (China day) */
                                deadline: string;
                                /** @enum {string} */
                                status: "open" | "done";
                                result: string | null;
                                /** Format: date-time */
                                createdAt: string;
                                /** Format: date-time */
                                doneAt: string | null;
                                photos: {
                                    /**
                                     * Format: uuid
                                     * @description UUID
                                     */
                                    id: string;
                                    /**
                                     * @description before 整改前 / during 整改中 / after 整改后
                                     * @enum {string}
                                     */
                                    stage: "before" | "during" | "after";
                                    /** Format: date-time */
                                    capturedAt: string | null;
                                    /** Format: date-time */
                                    uploadedAt: string;
                                    evidenceFlags: string[];
                                    urls: {
                                        original: string;
                                        /** @description ≤1280 px, watermarked */
                                        display: string;
                                        /** @description ≤256 px */
                                        thumbnail: string;
                                    };
                                }[];
                            }[];
                            notices: {
                                /**
                                 * Format: uuid
                                 * @description UUID
                                 */
                                id: string;
                                noticeNo: string;
                                /**
                                 * Format: uuid
                                 * @description UUID
                                 */
                                caseId: string;
                                caseNo?: string;
                                /** @enum {string} */
                                caseStatus?: "reported" | "verified" | "rejected" | "classified" | "rectifying" | "closing_requested" | "closed";
                                townCode: string;
                                townName?: string;
                                /** @enum {string} */
                                level: "town" | "city";
                                /** @description the step whose deadline was missed */
                                step: string;
                                reason: string;
                                /** @description YYYY-MM-DD */
                                deadlineMissed: string;
                                /** Format: date-time */
                                issuedAt: string;
                                /** @description YYYY-MM-DD */
                                replyDue: string;
                                /** @enum {string} */
                                status: "open" | "replied" | "escalated";
                                replyText: string | null;
                                /** Format: date-time */
                                repliedAt: string | null;
                                /** Format: date-time */
                                escalatedAt: string | null;
                            }[];
                            assignee: {
                                /**
                                 * Format: uuid
                                 * @description UUID
                                 */
                                id: string;
                                displayName: string;
                                /** @enum {string} */
                                role: "inspector" | "town_officer" | "city_office" | "department" | "supervisor" | "admin";
                                /** Format: date-time */
                                assignedAt: string;
                            } | null;
                            externalRefs: {
                                system: string;
                                externalId: string;
                                /** Format: date-time */
                                createdAt: string;
                            }[];
                            timeline: {
                                id: number;
                                /** Format: date-time */
                                at: string;
                                /** @description created, a workflow action, photo_added, fields_changed, overdue_notice, … */
                                kind: string;
                                /** @enum {string|null} */
                                fromStatus: "reported" | "verified" | "rejected" | "classified" | "rectifying" | "closing_requested" | "closed" | null;
                                /** @enum {string|null} */
                                toStatus: "reported" | "verified" | "rejected" | "classified" | "rectifying" | "closing_requested" | "closed" | null;
                                note: string | null;
                                data: {
                                    [key: string]: unknown;
                                } | null;
                                actorName: string | null;
                                /** @enum {string|null} */
                                actorRole: "inspector" | "town_officer" | "city_office" | "department" | "supervisor" | "admin" | "system" | null;
                            }[];
                            allowedActions: string[];
                            /** @description the class the disposal rules suggest */
                            suggestion: {
                                /**
                                 * @description demolish 拆除 / remedy 整改补办 / defer 暂缓
                                 * @enum {string|null}
                                 */
                                disposalClass: "demolish" | "remedy" | "defer" | null;
                                reasons: {
                                    ruleId: string;
                                    /** @enum {string} */
                                    suggest: "demolish" | "remedy" | "defer";
                                    reason: string;
                                }[];
                            };
                            duplicateCandidates: {
                                /**
                                 * Format: uuid
                                 * @description UUID
                                 */
                                caseId: string;
                                caseNo: string;
                                /** @enum {string} */
                                status: "reported" | "verified" | "rejected" | "classified" | "rectifying" | "closing_requested" | "closed";
                                townName: string;
                                divisionName: string;
                                distanceM: number;
                                /** @description 0–1 */
                                score: number;
                                /** @description photoHamming, sameCategory, footprintIoU, rebuild */
                                factors: {
                                    [key: string]: unknown;
                                };
                                /** @description whether the viewer may open (and merge into) the other case */
                                visible: boolean;
                            }[];
                        };
                    };
                };
                /** @description Error */
                400: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            /** @description stable English error code, e.g. case.invalid_transition */
                            code: string;
                            /** @description human message (zh-CN) */
                            message: string;
                            details: unknown;
                        };
                    };
                };
                /** @description Error */
                401: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            /** @description stable English error code, e.g. case.invalid_transition */
                            code: string;
                            /** @description human message (zh-CN) */
                            message: string;
                            details: unknown;
                        };
                    };
                };
                /** @description Error */
                403: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            /** @description stable English error code, e.g. case.invalid_transition */
                            code: string;
                            /** @description human message (zh-CN) */
                            message: string;
                            details: unknown;
                        };
                    };
                };
                /** @description Error */
                404: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            /** @description stable English error code, e.g. case.invalid_transition */
                            code: string;
                            /** @description human message (zh-CN) */
                            message: string;
                            details: unknown;
                        };
                    };
                };
                /** @description Error */
                409: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            /** @description stable English error code, e.g. case.invalid_transition */
                            code: string;
                            /** @description human message (zh-CN) */
                            message: string;
                            details: unknown;
                        };
                    };
                };
                /** @description Error */
                422: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            /** @description stable English error code, e.g. case.invalid_transition */
                            code: string;
                            /** @description human message (zh-CN) */
                            message: string;
                            details: unknown;
                        };
                    };
                };
            };
        };
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        /** Edit registry facts (with the version you saw) */
        patch: {
            parameters: {
                query?: never;
                header?: never;
                path: {
                    /** @description UUID */
                    id: string;
                };
                cookie?: never;
            };
            requestBody: {
                content: {
                    "application/json": {
                        version: number;
                        /** @description stock 存量 / new 新增 */
                        origin?: "stock" | "new";
                        category?: "building" | "structure" | "shed" | "pole_line" | "other";
                        /** @description area in m², more than 0 */
                        areaM2?: number | null;
                        /** @description floors, 1 to 200 */
                        floors?: number | null;
                        structure?: ("brick_concrete" | "frame" | "steel" | "simple" | "wood" | "other") | (never | null);
                        use?: ("residential" | "production" | "storage" | "commercial" | "livestock" | "other") | (never | null);
                        landType?: ("construction" | "agricultural" | "cultivated" | "basic_farmland" | "unused" | "other") | (never | null);
                        onCultivatedLand?: boolean;
                        onBasicFarmland?: boolean;
                        ownerKind?: ("individual" | "enterprise" | "collective") | (never | null);
                        ownerName?: string | null;
                        /** @description 18-digit resident ID number with the GB 11643 check digit */
                        ownerIdNumber?: string | null;
                        /** @description mobile 1[3-9]xxxxxxxxx or a landline with its area code */
                        ownerPhone?: string | null;
                        enterpriseName?: string | null;
                        /** @description unified social credit code (统一社会信用代码) */
                        enterpriseUscc?: string | null;
                        /** @description village group (组) */
                        addressGroup?: string | null;
                        /** @description house number */
                        addressHouseNo?: string | null;
                        safetyRisk?: "low" | "medium" | "high";
                        note?: string | null;
                        /** @description GeoJSON Polygon or MultiPolygon, WGS84 */
                        footprint?: {
                            type: "Polygon" | "MultiPolygon";
                            coordinates: unknown[];
                        } | null;
                    };
                };
            };
            responses: {
                /** @description The case as edited */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            /**
                             * Format: uuid
                             * @description UUID
                             */
                            id: string;
                            /** @description e.g. PH-2026-000123 */
                            caseNo: string;
                            /** @enum {string} */
                            status: "reported" | "verified" | "rejected" | "classified" | "rectifying" | "closing_requested" | "closed";
                            /**
                             * @description stock 存量 / new 新增
                             * @enum {string}
                             */
                            origin: "stock" | "new";
                            /**
                             * @description demolish 拆除 / remedy 整改补办 / defer 暂缓
                             * @enum {string|null}
                             */
                            disposalClass: "demolish" | "remedy" | "defer" | null;
                            /** @description patrol, complaint, satellite, drone, census_import, department, provincial, prefecture */
                            source: string;
                            /** @description building, structure, shed, pole_line, other */
                            category: string;
                            lon: number;
                            lat: number;
                            /** @description the village */
                            divisionCode: string;
                            divisionName: string;
                            townCode: string;
                            townName: string;
                            areaM2: number | null;
                            floors: number | null;
                            /** @description brick_concrete, frame, steel, simple, wood, other */
                            structure: string | null;
                            /** @description residential, production, storage, commercial, livestock, other */
                            use: string | null;
                            /** @description construction, agricultural, cultivated, basic_farmland, unused, other */
                            landType: string | null;
                            onCultivatedLand: boolean;
                            onBasicFarmland: boolean;
                            /** @description individual, enterprise, collective */
                            ownerKind: string | null;
                            ownerName: string | null;
                            enterpriseName: string | null;
                            addressText: string | null;
                            /** @description low, medium, high */
                            safetyRisk: string;
                            /** Format: date-time */
                            foundAt: string;
                            /**
                             * Format: date-time
                             * @description the deadline of the step the case is in
                             */
                            deadlineAt: string | null;
                            /** @description deferred: the day it is reviewed (YYYY-MM-DD) */
                            reviewDate: string | null;
                            /** Format: date-time */
                            updatedAt: string;
                            /** @description for optimistic locking: send it back with an edit or an action */
                            version: number;
                            /** @description the patrol app's id of the report it came from */
                            clientId: string | null;
                            /** @description GeoJSON geometry, WGS84 */
                            footprint: ({
                                type: string;
                                coordinates: unknown;
                            } & {
                                [key: string]: unknown;
                            }) | null;
                            /** @description masked (3304**********1234); in full only from POST /api/cases/{id}/personal-data */
                            ownerIdNumber: string | null;
                            /** @description masked (138****5678) */
                            ownerPhone: string | null;
                            /** @description always true: the ID number and phone above are masked */
                            personalDataMasked: boolean;
                            /** @description whether the viewer may reveal them in full (town officer, city office), each look audited */
                            personalDataRevealable: boolean;
                            enterpriseUscc: string | null;
                            addressGroup: string | null;
                            addressHouseNo: string | null;
                            remedyRef: string | null;
                            deferReason: string | null;
                            rejectReason: string | null;
                            /**
                             * Format: uuid
                             * @description UUID
                             */
                            duplicateOf: string | null;
                            /** @description the case number of the case this one was merged into */
                            duplicateOfCaseNo: string | null;
                            note: string | null;
                            /**
                             * Format: uuid
                             * @description UUID
                             */
                            reportedBy: string | null;
                            /** Format: date-time */
                            verifiedAt: string | null;
                            /** Format: date-time */
                            classifiedAt: string | null;
                            /** Format: date-time */
                            closedAt: string | null;
                            /** Format: date-time */
                            createdAt: string;
                        };
                    };
                };
                /** @description Error */
                400: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            /** @description stable English error code, e.g. case.invalid_transition */
                            code: string;
                            /** @description human message (zh-CN) */
                            message: string;
                            details: unknown;
                        };
                    };
                };
                /** @description Error */
                401: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            /** @description stable English error code, e.g. case.invalid_transition */
                            code: string;
                            /** @description human message (zh-CN) */
                            message: string;
                            details: unknown;
                        };
                    };
                };
                /** @description Error */
                403: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            /** @description stable English error code, e.g. case.invalid_transition */
                            code: string;
                            /** @description human message (zh-CN) */
                            message: string;
                            details: unknown;
                        };
                    };
                };
                /** @description Error */
                404: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            /** @description stable English error code, e.g. case.invalid_transition */
                            code: string;
                            /** @description human message (zh-CN) */
                            message: string;
                            details: unknown;
                        };
                    };
                };
                /** @description Error */
                409: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            /** @description stable English error code, e.g. case.invalid_transition */
                            code: string;
                            /** @description human message (zh-CN) */
                            message: string;
                            details: unknown;
                        };
                    };
                };
                /** @description Error */
                422: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            /** @description stable English error code, e.g. case.invalid_transition */
                            code: string;
                            /** @description human message (zh-CN) */
                            message: string;
                            details: unknown;
                        };
                    };
                };
            };
        };
        trace?: never;
    };
    "/api/cases/{id}/personal-data": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /**
         * The owner's ID number and phone in full (town officer, city office; inside your jurisdiction); each look is audited (查询留痕)
         * @description Every other answer masks them. Appends `case.personal_data_viewed` (the case, which fields, the reason if given) to the audit trail. Other roles get 403; a case outside your jurisdiction 404.
         */
        post: {
            parameters: {
                query?: never;
                header?: never;
                path: {
                    /** @description UUID */
                    id: string;
                };
                cookie?: never;
            };
            requestBody: {
                content: {
                    "application/json": {
                        /** @description why the full values are needed (e.g. 送达文书), kept on the audit record */
                        reason?: string;
                    };
                };
            };
            responses: {
                /** @description The owner's ID number and phone in full; the look is on the audit trail (case.personal_data_viewed) */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            /**
                             * Format: uuid
                             * @description UUID
                             */
                            caseId: string;
                            ownerName: string | null;
                            /** @description in full */
                            ownerIdNumber: string | null;
                            /** @description in full */
                            ownerPhone: string | null;
                            /**
                             * Format: date-time
                             * @description when the look was recorded on the audit trail
                             */
                            viewedAt: string;
                        };
                    };
                };
                /** @description Error */
                400: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            /** @description stable English error code, e.g. case.invalid_transition */
                            code: string;
                            /** @description human message (zh-CN) */
                            message: string;
                            details: unknown;
                        };
                    };
                };
                /** @description Error */
                401: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            /** @description stable English error code, e.g. case.invalid_transition */
                            code: string;
                            /** @description human message (zh-CN) */
                            message: string;
                            details: unknown;
                        };
                    };
                };
                /** @description Error */
                403: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            /** @description stable English error code, e.g. case.invalid_transition */
                            code: string;
                            /** @description human message (zh-CN) */
                            message: string;
                            details: unknown;
                        };
                    };
                };
                /** @description Error */
                404: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            /** @description stable English error code, e.g. case.invalid_transition */
                            code: string;
                            /** @description human message (zh-CN) */
                            message: string;
                            details: unknown;
                        };
                    };
                };
                /** @description Error */
                409: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            /** @description stable English error code, e.g. case.invalid_transition */
                            code: string;
                            /** @description human message (zh-CN) */
                            message: string;
                            details: unknown;
                        };
                    };
                };
                /** @description Error */
                422: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            /** @description stable English error code, e.g. case.invalid_transition */
                            code: string;
                            /** @description human message (zh-CN) */
                            message: string;
                            details: unknown;
                        };
                    };
                };
            };
        };
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/cases/bulk-actions": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /**
         * One action on up to 200 cases (verify, assign, set a deadline, any workflow action), each with the version you saw; one result per case
         * @description Each case is its own transaction: refusals (403/404/409/422) are reported per case and do not undo the others. `assign` with `assigneeId` assigns each case to an inspector or town officer whose area covers it (one notification to that person); `assign` with `department`, `title` and `deadline` gives each case a department task. `set_deadline` with `deadline` (YYYY-MM-DD) sets the deadline of the step each case is in; a day in the past is refused per case (422 `case.deadline_in_past`), closed, rejected and deferred cases have none (409 `case.no_deadline`).
         */
        post: {
            parameters: {
                query?: never;
                header?: never;
                path?: never;
                cookie?: never;
            };
            requestBody: {
                content: {
                    "application/json": {
                        /** @description a workflow action, or `assign` (to a person: `assigneeId`; or a department task: `department`, `title`, `deadline`) or `set_deadline` (`deadline`) */
                        action: "verify" | "reject" | "classify" | "start_rectification" | "request_closing" | "approve_closing" | "return_closing" | "reopen" | "assign" | "set_deadline";
                        items: {
                            /**
                             * Format: uuid
                             * @description UUID
                             */
                            id: string;
                            version: number;
                        }[];
                        reason?: string;
                        disposalClass?: "demolish" | "remedy" | "defer";
                        remedyRef?: string;
                        deferReason?: string;
                        /** Format: date */
                        reviewDate?: string;
                        /**
                         * Format: date
                         * @description YYYY-MM-DD (China day); not in the past
                         */
                        deadline?: string;
                        note?: string;
                        /**
                         * Format: uuid
                         * @description UUID
                         */
                        assigneeId?: string;
                        /** @description assign: the department that gets a task on each case */
                        department?: string;
                        /** @description assign to a department: the task */
                        title?: string;
                    };
                };
            };
            responses: {
                /** @description One result per case */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            action: string;
                            succeeded: number;
                            failed: number;
                            results: {
                                /**
                                 * Format: uuid
                                 * @description UUID
                                 */
                                id: string;
                                ok: boolean;
                                caseNo?: string;
                                /** @description the status it reached */
                                status?: string;
                                version?: number;
                                /** @description a refusal: the status the single request would get */
                                httpStatus?: number;
                                code?: string;
                                message?: string;
                            }[];
                        };
                    };
                };
                /** @description Error */
                400: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            /** @description stable English error code, e.g. case.invalid_transition */
                            code: string;
                            /** @description human message (zh-CN) */
                            message: string;
                            details: unknown;
                        };
                    };
                };
                /** @description Error */
                401: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            /** @description stable English error code, e.g. case.invalid_transition */
                            code: string;
                            /** @description human message (zh-CN) */
                            message: string;
                            details: unknown;
                        };
                    };
                };
                /** @description Error */
                403: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            /** @description stable English error code, e.g. case.invalid_transition */
                            code: string;
                            /** @description human message (zh-CN) */
                            message: string;
                            details: unknown;
                        };
                    };
                };
                /** @description Error */
                404: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            /** @description stable English error code, e.g. case.invalid_transition */
                            code: string;
                            /** @description human message (zh-CN) */
                            message: string;
                            details: unknown;
                        };
                    };
                };
                /** @description Error */
                409: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            /** @description stable English error code, e.g. case.invalid_transition */
                            code: string;
                            /** @description human message (zh-CN) */
                            message: string;
                            details: unknown;
                        };
                    };
                };
                /** @description Error */
                422: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            /** @description stable English error code, e.g. case.invalid_transition */
                            code: string;
                            /** @description human message (zh-CN) */
                            message: string;
                            details: unknown;
                        };
                    };
                };
            };
        };
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/cases/{id}/actions": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /** One workflow transition (verify, reject, classify, …); see docs/workflow.md */
        post: {
            parameters: {
                query?: never;
                header?: never;
                path: {
                    /** @description UUID */
                    id: string;
                };
                cookie?: never;
            };
            requestBody: {
                content: {
                    "application/json": {
                        action: "verify" | "reject" | "classify" | "start_rectification" | "request_closing" | "approve_closing" | "return_closing" | "reopen";
                        /** @description the case version you saw (optimistic locking) */
                        version: number;
                        reason?: string;
                        /**
                         * Format: uuid
                         * @description UUID
                         */
                        duplicateOf?: string;
                        disposalClass?: "demolish" | "remedy" | "defer";
                        remedyRef?: string;
                        deferReason?: string;
                        /** Format: date */
                        reviewDate?: string;
                        /** Format: date */
                        deadline?: string;
                        note?: string;
                    };
                };
            };
            responses: {
                /** @description The case after the action */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            /**
                             * Format: uuid
                             * @description UUID
                             */
                            id: string;
                            /** @description e.g. PH-2026-000123 */
                            caseNo: string;
                            /** @enum {string} */
                            status: "reported" | "verified" | "rejected" | "classified" | "rectifying" | "closing_requested" | "closed";
                            /**
                             * @description stock 存量 / new 新增
                             * @enum {string}
                             */
                            origin: "stock" | "new";
                            /**
                             * @description demolish 拆除 / remedy 整改补办 / defer 暂缓
                             * @enum {string|null}
                             */
                            disposalClass: "demolish" | "remedy" | "defer" | null;
                            /** @description patrol, complaint, satellite, drone, census_import, department, provincial, prefecture */
                            source: string;
                            /** @description building, structure, shed, pole_line, other */
                            category: string;
                            lon: number;
                            lat: number;
                            /** @description the village */
                            divisionCode: string;
                            divisionName: string;
                            townCode: string;
                            townName: string;
                            areaM2: number | null;
                            floors: number | null;
                            /** @description brick_concrete, frame, steel, simple, wood, other */
                            structure: string | null;
                            /** @description residential, production, storage, commercial, livestock, other */
                            use: string | null;
                            /** @description construction, agricultural, cultivated, basic_farmland, unused, other */
                            landType: string | null;
                            onCultivatedLand: boolean;
                            onBasicFarmland: boolean;
                            /** @description individual, enterprise, collective */
                            ownerKind: string | null;
                            ownerName: string | null;
                            enterpriseName: string | null;
                            addressText: string | null;
                            /** @description low, medium, high */
                            safetyRisk: string;
                            /** Format: date-time */
                            foundAt: string;
                            /**
                             * Format: date-time
                             * @description the deadline of the step the case is in
                             */
                            deadlineAt: string | null;
                            /** @description deferred: the day it is reviewed (YYYY-MM-DD) */
                            reviewDate: string | null;
                            /** Format: date-time */
                            updatedAt: string;
                            /** @description for optimistic locking: send it back with an edit or an action */
                            version: number;
                            /** @description the patrol app's id of the report it came from */
                            clientId: string | null;
                            /** @description GeoJSON geometry, WGS84 */
                            footprint: ({
                                type: string;
                                coordinates: unknown;
                            } & {
                                [key: string]: unknown;
                            }) | null;
                            /** @description masked (3304**********1234); in full only from POST /api/cases/{id}/personal-data */
                            ownerIdNumber: string | null;
                            /** @description masked (138****5678) */
                            ownerPhone: string | null;
                            /** @description always true: the ID number and phone above are masked */
                            personalDataMasked: boolean;
                            /** @description whether the viewer may reveal them in full (town officer, city office), each look audited */
                            personalDataRevealable: boolean;
                            enterpriseUscc: string | null;
                            addressGroup: string | null;
                            addressHouseNo: string | null;
                            remedyRef: string | null;
                            deferReason: string | null;
                            rejectReason: string | null;
                            /**
                             * Format: uuid
                             * @description UUID
                             */
                            duplicateOf: string | null;
                            /** @description the case number of the case this one was merged into */
                            duplicateOfCaseNo: string | null;
                            note: string | null;
                            /**
                             * Format: uuid
                             * @description UUID
                             */
                            reportedBy: string | null;
                            /** Format: date-time */
                            verifiedAt: string | null;
                            /** Format: date-time */
                            classifiedAt: string | null;
                            /** Format: date-time */
                            closedAt: string | null;
                            /** Format: date-time */
                            createdAt: string;
                        };
                    };
                };
                /** @description Error */
                400: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            /** @description stable English error code, e.g. case.invalid_transition */
                            code: string;
                            /** @description human message (zh-CN) */
                            message: string;
                            details: unknown;
                        };
                    };
                };
                /** @description Error */
                401: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            /** @description stable English error code, e.g. case.invalid_transition */
                            code: string;
                            /** @description human message (zh-CN) */
                            message: string;
                            details: unknown;
                        };
                    };
                };
                /** @description Error */
                403: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            /** @description stable English error code, e.g. case.invalid_transition */
                            code: string;
                            /** @description human message (zh-CN) */
                            message: string;
                            details: unknown;
                        };
                    };
                };
                /** @description Error */
                404: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            /** @description stable English error code, e.g. case.invalid_transition */
                            code: string;
                            /** @description human message (zh-CN) */
                            message: string;
                            details: unknown;
                        };
                    };
                };
                /** @description Error */
                409: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            /** @description stable English error code, e.g. case.invalid_transition */
                            code: string;
                            /** @description human message (zh-CN) */
                            message: string;
                            details: unknown;
                        };
                    };
                };
                /** @description Error */
                422: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            /** @description stable English error code, e.g. case.invalid_transition */
                            code: string;
                            /** @description human message (zh-CN) */
                            message: string;
                            details: unknown;
                        };
                    };
                };
            };
        };
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/cases/{id}/photos": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** Photos of a case */
        get: {
            parameters: {
                query?: never;
                header?: never;
                path: {
                    /** @description UUID */
                    id: string;
                };
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description Photos */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            items: {
                                /**
                                 * Format: uuid
                                 * @description UUID
                                 */
                                id: string;
                                /**
                                 * Format: uuid
                                 * @description UUID
                                 */
                                caseId: string;
                                /**
                                 * @description before 整改前 / during 整改中 / after 整改后
                                 * @enum {string}
                                 */
                                stage: "before" | "during" | "after";
                                sha256: string;
                                mime: string;
                                bytes: number;
                                width: number | null;
                                height: number | null;
                                /** Format: date-time */
                                capturedAt: string | null;
                                captureLon: number | null;
                                captureLat: number | null;
                                captureAccuracyM: number | null;
                                /** @description the EXIF tags read */
                                exif: {
                                    [key: string]: unknown;
                                } | null;
                                /** @description perceptual hash (hex) */
                                phash: string | null;
                                evidence: ({
                                    exifPresent: boolean;
                                    /** @enum {string|null} */
                                    locationSource: "exif" | "device" | null;
                                    gpsDistanceM: number | null;
                                    caseDistanceM: number | null;
                                    /** @enum {string|null} */
                                    timeSource: "exif" | "device" | null;
                                    captureLagS: number | null;
                                    device: string | null;
                                    flags: string[];
                                } & {
                                    [key: string]: unknown;
                                }) | null;
                                /** @description The original of a photo sent in two phases */
                                original: {
                                    /**
                                     * @description awaiting 原图上传中 (the reduced copy stands in) / verified (the original is the evidence of record) / refused (the bytes were not the original declared; the reduced copy stays the evidence)
                                     * @enum {string}
                                     */
                                    status: "awaiting" | "verified" | "refused";
                                    /** @description the SHA-256 the phone declared */
                                    sha256: string;
                                    /** @description the size the phone declared */
                                    bytes: number;
                                    /** @description where to create the tus upload (POST, with `Upload-Metadata: photoId <base64>`) */
                                    uploadPath: string;
                                    /**
                                     * Format: date-time
                                     * @description when a missing original raises the flag original_missing
                                     */
                                    dueAt: string;
                                    /**
                                     * Format: date-time
                                     * @description when the flag original_missing was raised
                                     */
                                    missingSince: string | null;
                                    /** Format: date-time */
                                    receivedAt: string | null;
                                    /** @description the hash of the bytes that arrived (refused ones too) */
                                    receivedSha256: string | null;
                                    /** @description what the refused bytes contradict: sha256, bytes, type, width, height, exif.<field>, exif, duplicate_on_case */
                                    mismatches: string[];
                                } | null;
                                /** Format: date-time */
                                uploadedAt: string;
                                urls: {
                                    original: string;
                                    /** @description ≤1280 px, watermarked */
                                    display: string;
                                    /** @description ≤256 px */
                                    thumbnail: string;
                                };
                            }[];
                        };
                    };
                };
                /** @description Error */
                400: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            /** @description stable English error code, e.g. case.invalid_transition */
                            code: string;
                            /** @description human message (zh-CN) */
                            message: string;
                            details: unknown;
                        };
                    };
                };
                /** @description Error */
                401: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            /** @description stable English error code, e.g. case.invalid_transition */
                            code: string;
                            /** @description human message (zh-CN) */
                            message: string;
                            details: unknown;
                        };
                    };
                };
                /** @description Error */
                403: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            /** @description stable English error code, e.g. case.invalid_transition */
                            code: string;
                            /** @description human message (zh-CN) */
                            message: string;
                            details: unknown;
                        };
                    };
                };
                /** @description Error */
                404: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            /** @description stable English error code, e.g. case.invalid_transition */
                            code: string;
                            /** @description human message (zh-CN) */
                            message: string;
                            details: unknown;
                        };
                    };
                };
                /** @description Error */
                409: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            /** @description stable English error code, e.g. case.invalid_transition */
                            code: string;
                            /** @description human message (zh-CN) */
                            message: string;
                            details: unknown;
                        };
                    };
                };
                /** @description Error */
                422: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            /** @description stable English error code, e.g. case.invalid_transition */
                            code: string;
                            /** @description human message (zh-CN) */
                            message: string;
                            details: unknown;
                        };
                    };
                };
            };
        };
        put?: never;
        /**
         * Add photos to a case (multipart: field `stage` = before|during|after, optional lon/lat/accuracy/capturedAt, one or more files `photo`)
         * @description `clientId` (UUID made on the device, optional): exactly once — the same request sent again answers 200 with the photos it added, the same clientId with other content is 409 `photo.client_id_conflict`. `originals` (JSON array, one per file, as for a report): two phases, the files are reduced copies and each original follows as a tus upload to `/api/uploads` (docs/two-phase-report.md).
         */
        post: {
            parameters: {
                query?: never;
                header?: never;
                path: {
                    /** @description UUID */
                    id: string;
                };
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description The same photos sent again: those already on the case */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            items: {
                                /**
                                 * Format: uuid
                                 * @description UUID
                                 */
                                id: string;
                                /**
                                 * Format: uuid
                                 * @description UUID
                                 */
                                caseId: string;
                                /**
                                 * @description before 整改前 / during 整改中 / after 整改后
                                 * @enum {string}
                                 */
                                stage: "before" | "during" | "after";
                                sha256: string;
                                mime: string;
                                bytes: number;
                                width: number | null;
                                height: number | null;
                                /** Format: date-time */
                                capturedAt: string | null;
                                captureLon: number | null;
                                captureLat: number | null;
                                captureAccuracyM: number | null;
                                /** @description the EXIF tags read */
                                exif: {
                                    [key: string]: unknown;
                                } | null;
                                /** @description perceptual hash (hex) */
                                phash: string | null;
                                evidence: ({
                                    exifPresent: boolean;
                                    /** @enum {string|null} */
                                    locationSource: "exif" | "device" | null;
                                    gpsDistanceM: number | null;
                                    caseDistanceM: number | null;
                                    /** @enum {string|null} */
                                    timeSource: "exif" | "device" | null;
                                    captureLagS: number | null;
                                    device: string | null;
                                    flags: string[];
                                } & {
                                    [key: string]: unknown;
                                }) | null;
                                /** @description The original of a photo sent in two phases */
                                original: {
                                    /**
                                     * @description awaiting 原图上传中 (the reduced copy stands in) / verified (the original is the evidence of record) / refused (the bytes were not the original declared; the reduced copy stays the evidence)
                                     * @enum {string}
                                     */
                                    status: "awaiting" | "verified" | "refused";
                                    /** @description the SHA-256 the phone declared */
                                    sha256: string;
                                    /** @description the size the phone declared */
                                    bytes: number;
                                    /** @description where to create the tus upload (POST, with `Upload-Metadata: photoId <base64>`) */
                                    uploadPath: string;
                                    /**
                                     * Format: date-time
                                     * @description when a missing original raises the flag original_missing
                                     */
                                    dueAt: string;
                                    /**
                                     * Format: date-time
                                     * @description when the flag original_missing was raised
                                     */
                                    missingSince: string | null;
                                    /** Format: date-time */
                                    receivedAt: string | null;
                                    /** @description the hash of the bytes that arrived (refused ones too) */
                                    receivedSha256: string | null;
                                    /** @description what the refused bytes contradict: sha256, bytes, type, width, height, exif.<field>, exif, duplicate_on_case */
                                    mismatches: string[];
                                } | null;
                                /** Format: date-time */
                                uploadedAt: string;
                                urls: {
                                    original: string;
                                    /** @description ≤1280 px, watermarked */
                                    display: string;
                                    /** @description ≤256 px */
                                    thumbnail: string;
                                };
                            }[];
                        };
                    };
                };
                /** @description The photos added */
                201: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            items: {
                                /**
                                 * Format: uuid
                                 * @description UUID
                                 */
                                id: string;
                                /**
                                 * Format: uuid
                                 * @description UUID
                                 */
                                caseId: string;
                                /**
                                 * @description before 整改前 / during 整改中 / after 整改后
                                 * @enum {string}
                                 */
                                stage: "before" | "during" | "after";
                                sha256: string;
                                mime: string;
                                bytes: number;
                                width: number | null;
                                height: number | null;
                                /** Format: date-time */
                                capturedAt: string | null;
                                captureLon: number | null;
                                captureLat: number | null;
                                captureAccuracyM: number | null;
                                /** @description the EXIF tags read */
                                exif: {
                                    [key: string]: unknown;
                                } | null;
                                /** @description perceptual hash (hex) */
                                phash: string | null;
                                evidence: ({
                                    exifPresent: boolean;
                                    /** @enum {string|null} */
                                    locationSource: "exif" | "device" | null;
                                    gpsDistanceM: number | null;
                                    caseDistanceM: number | null;
                                    /** @enum {string|null} */
                                    timeSource: "exif" | "device" | null;
                                    captureLagS: number | null;
                                    device: string | null;
                                    flags: string[];
                                } & {
                                    [key: string]: unknown;
                                }) | null;
                                /** @description The original of a photo sent in two phases */
                                original: {
                                    /**
                                     * @description awaiting 原图上传中 (the reduced copy stands in) / verified (the original is the evidence of record) / refused (the bytes were not the original declared; the reduced copy stays the evidence)
                                     * @enum {string}
                                     */
                                    status: "awaiting" | "verified" | "refused";
                                    /** @description the SHA-256 the phone declared */
                                    sha256: string;
                                    /** @description the size the phone declared */
                                    bytes: number;
                                    /** @description where to create the tus upload (POST, with `Upload-Metadata: photoId <base64>`) */
                                    uploadPath: string;
                                    /**
                                     * Format: date-time
                                     * @description when a missing original raises the flag original_missing
                                     */
                                    dueAt: string;
                                    /**
                                     * Format: date-time
                                     * @description when the flag original_missing was raised
                                     */
                                    missingSince: string | null;
                                    /** Format: date-time */
                                    receivedAt: string | null;
                                    /** @description the hash of the bytes that arrived (refused ones too) */
                                    receivedSha256: string | null;
                                    /** @description what the refused bytes contradict: sha256, bytes, type, width, height, exif.<field>, exif, duplicate_on_case */
                                    mismatches: string[];
                                } | null;
                                /** Format: date-time */
                                uploadedAt: string;
                                urls: {
                                    original: string;
                                    /** @description ≤1280 px, watermarked */
                                    display: string;
                                    /** @description ≤256 px */
                                    thumbnail: string;
                                };
                            }[];
                        };
                    };
                };
                /** @description Error */
                400: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            /** @description stable English error code, e.g. case.invalid_transition */
                            code: string;
                            /** @description human message (zh-CN) */
                            message: string;
                            details: unknown;
                        };
                    };
                };
                /** @description Error */
                401: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            /** @description stable English error code, e.g. case.invalid_transition */
                            code: string;
                            /** @description human message (zh-CN) */
                            message: string;
                            details: unknown;
                        };
                    };
                };
                /** @description Error */
                403: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            /** @description stable English error code, e.g. case.invalid_transition */
                            code: string;
                            /** @description human message (zh-CN) */
                            message: string;
                            details: unknown;
                        };
                    };
                };
                /** @description Error */
                404: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            /** @description stable English error code, e.g. case.invalid_transition */
                            code: string;
                            /** @description human message (zh-CN) */
                            message: string;
                            details: unknown;
                        };
                    };
                };
                /** @description Error */
                409: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            /** @description stable English error code, e.g. case.invalid_transition */
                            code: string;
                            /** @description human message (zh-CN) */
                            message: string;
                            details: unknown;
                        };
                    };
                };
                /** @description Error */
                422: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            /** @description stable English error code, e.g. case.invalid_transition */
                            code: string;
                            /** @description human message (zh-CN) */
                            message: string;
                            details: unknown;
                        };
                    };
                };
            };
        };
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/photos/{id}/{variant}": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** Photo bytes: original (as uploaded), display (≤1280 px) or thumbnail (≤256 px) */
        get: {
            parameters: {
                query?: never;
                header?: never;
                path: {
                    /** @description UUID */
                    id: string;
                    variant: "original" | "display" | "thumbnail";
                };
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description The image (JPEG for display and thumbnail; the original as uploaded) */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "image/jpeg": string;
                        "image/png": string;
                        "image/heic": string;
                    };
                };
                /** @description Error */
                400: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            /** @description stable English error code, e.g. case.invalid_transition */
                            code: string;
                            /** @description human message (zh-CN) */
                            message: string;
                            details: unknown;
                        };
                    };
                };
                /** @description Error */
                401: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            /** @description stable English error code, e.g. case.invalid_transition */
                            code: string;
                            /** @description human message (zh-CN) */
                            message: string;
                            details: unknown;
                        };
                    };
                };
                /** @description Error */
                403: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            /** @description stable English error code, e.g. case.invalid_transition */
                            code: string;
                            /** @description human message (zh-CN) */
                            message: string;
                            details: unknown;
                        };
                    };
                };
                /** @description Error */
                404: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            /** @description stable English error code, e.g. case.invalid_transition */
                            code: string;
                            /** @description human message (zh-CN) */
                            message: string;
                            details: unknown;
                        };
                    };
                };
                /** @description Error */
                409: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            /** @description stable English error code, e.g. case.invalid_transition */
                            code: string;
                            /** @description human message (zh-CN) */
                            message: string;
                            details: unknown;
                        };
                    };
                };
                /** @description Error */
                422: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            /** @description stable English error code, e.g. case.invalid_transition */
                            code: string;
                            /** @description human message (zh-CN) */
                            message: string;
                            details: unknown;
                        };
                    };
                };
            };
        };
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/uploads": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /**
         * Create a resumable upload (tus 1.0 creation): `Upload-Length` and `Upload-Metadata` headers, no body; 201 with `Location`
         * @description tus 1.0 (`Tus-Resumable: 1.0.0`). Then PATCH the bytes to `Location` (`Content-Type: application/offset+octet-stream`, `Upload-Offset`), HEAD it for the offset after a cut. Deferred lengths are not accepted.
         */
        post: {
            parameters: {
                query?: never;
                header?: never;
                path?: never;
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description Created; `Location` is the upload */
                201: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "text/plain": string;
                    };
                };
            };
        };
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/uploads/{id}": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        post?: never;
        /**
         * An upload: HEAD its offset, PATCH the next bytes, DELETE it (tus 1.0 core and termination)
         * @description tus 1.0 (`Tus-Resumable: 1.0.0`). 404 when the upload is not yours or not known. An upload that is complete and settled answers HEAD with `Upload-Offset` = `Upload-Length` (and PATCH likewise), whether or not its file is kept.
         */
        delete: {
            parameters: {
                query?: never;
                header?: never;
                path: {
                    id: string;
                };
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description HEAD: `Upload-Offset` is how far the upload is, `Upload-Length` its length */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "text/plain": string;
                    };
                };
                /** @description PATCH: the bytes were written, `Upload-Offset` is the new offset (the last ones: `Wuweijian-Original` says verified or refused); DELETE: removed */
                204: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "text/plain": string;
                    };
                };
            };
        };
        options?: never;
        /**
         * An upload: HEAD its offset, PATCH the next bytes, DELETE it (tus 1.0 core and termination)
         * @description tus 1.0 (`Tus-Resumable: 1.0.0`). 404 when the upload is not yours or not known. An upload that is complete and settled answers HEAD with `Upload-Offset` = `Upload-Length` (and PATCH likewise), whether or not its file is kept.
         */
        head: {
            parameters: {
                query?: never;
                header?: never;
                path: {
                    id: string;
                };
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description HEAD: `Upload-Offset` is how far the upload is, `Upload-Length` its length */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "text/plain": string;
                    };
                };
                /** @description PATCH: the bytes were written, `Upload-Offset` is the new offset (the last ones: `Wuweijian-Original` says verified or refused); DELETE: removed */
                204: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "text/plain": string;
                    };
                };
            };
        };
        /**
         * An upload: HEAD its offset, PATCH the next bytes, DELETE it (tus 1.0 core and termination)
         * @description tus 1.0 (`Tus-Resumable: 1.0.0`). 404 when the upload is not yours or not known. An upload that is complete and settled answers HEAD with `Upload-Offset` = `Upload-Length` (and PATCH likewise), whether or not its file is kept.
         */
        patch: {
            parameters: {
                query?: never;
                header?: never;
                path: {
                    id: string;
                };
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description HEAD: `Upload-Offset` is how far the upload is, `Upload-Length` its length */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "text/plain": string;
                    };
                };
                /** @description PATCH: the bytes were written, `Upload-Offset` is the new offset (the last ones: `Wuweijian-Original` says verified or refused); DELETE: removed */
                204: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "text/plain": string;
                    };
                };
            };
        };
        trace?: never;
    };
    "/api/audit/verify": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** Re-hash the whole audit chain; names the first broken record (supervisor, admin) */
        get: {
            parameters: {
                query?: never;
                header?: never;
                path?: never;
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description The chain holds and agrees with its anchors (`ok: true`), or the first record missing or changed */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            /** @enum {boolean} */
                            ok: true;
                            /** @description records re-hashed */
                            checked: number;
                            lastId: number | null;
                            lastHash: string;
                            anchors: {
                                /** @description anchors in the blob store */
                                count: number;
                                latest: {
                                    /** @description the blob key, e.g. audit-anchors/2026/12/20261206t101500123z-4711.json */
                                    key: string;
                                    /** @description the last record of the chain when it was written */
                                    lastId: number;
                                    /** @description that record’s hash */
                                    hash: string;
                                    /** @description records in the chain then */
                                    count: number;
                                    /** Format: date-time */
                                    at: string;
                                    reason: "periodic" | "monthly_report" | "export";
                                    note: string | null;
                                } | null;
                            };
                        } | {
                            /** @enum {boolean} */
                            ok: false;
                            checked: number;
                            /** @description the first record whose hash or link does not hold, or that an anchor shows missing or changed */
                            firstBrokenId: number;
                            /** @description hash_mismatch: a record edited in place; link_broken: a record deleted; truncated: records deleted from the end (an anchor names a later record); records_missing: an anchored record is gone; anchor_mismatch: an anchored record has another hash (the chain re-hashed); anchor_invalid: an anchor cannot be read */
                            problem: "hash_mismatch" | "link_broken" | "truncated" | "records_missing" | "anchor_mismatch" | "anchor_invalid";
                            message: string;
                            /** @description the last record before the problem known to hold */
                            intactUpTo: number | null;
                            anchor: {
                                /** @description the blob key, e.g. audit-anchors/2026/12/20261206t101500123z-4711.json */
                                key: string;
                                /** @description the last record of the chain when it was written */
                                lastId: number;
                                /** @description that record’s hash */
                                hash: string;
                                /** @description records in the chain then */
                                count: number;
                                /** Format: date-time */
                                at: string;
                                reason: "periodic" | "monthly_report" | "export";
                                note: string | null;
                            } | null;
                            anchors: {
                                /** @description anchors in the blob store */
                                count: number;
                                latest: {
                                    /** @description the blob key, e.g. audit-anchors/2026/12/20261206t101500123z-4711.json */
                                    key: string;
                                    /** @description the last record of the chain when it was written */
                                    lastId: number;
                                    /** @description that record’s hash */
                                    hash: string;
                                    /** @description records in the chain then */
                                    count: number;
                                    /** Format: date-time */
                                    at: string;
                                    reason: "periodic" | "monthly_report" | "export";
                                    note: string | null;
                                } | null;
                            };
                        };
                    };
                };
                /** @description Error */
                400: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            /** @description stable English error code, e.g. case.invalid_transition */
                            code: string;
                            /** @description human message (zh-CN) */
                            message: string;
                            details: unknown;
                        };
                    };
                };
                /** @description Error */
                401: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            /** @description stable English error code, e.g. case.invalid_transition */
                            code: string;
                            /** @description human message (zh-CN) */
                            message: string;
                            details: unknown;
                        };
                    };
                };
                /** @description Error */
                403: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            /** @description stable English error code, e.g. case.invalid_transition */
                            code: string;
                            /** @description human message (zh-CN) */
                            message: string;
                            details: unknown;
                        };
                    };
                };
                /** @description Error */
                404: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            /** @description stable English error code, e.g. case.invalid_transition */
                            code: string;
                            /** @description human message (zh-CN) */
                            message: string;
                            details: unknown;
                        };
                    };
                };
                /** @description Error */
                409: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            /** @description stable English error code, e.g. case.invalid_transition */
                            code: string;
                            /** @description human message (zh-CN) */
                            message: string;
                            details: unknown;
                        };
                    };
                };
                /** @description Error */
                422: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            /** @description stable English error code, e.g. case.invalid_transition */
                            code: string;
                            /** @description human message (zh-CN) */
                            message: string;
                            details: unknown;
                        };
                    };
                };
            };
        };
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/audit": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** Audit records, newest first, each as a zh-CN sentence with field-level before/after; filters by person, role, action, object, town, case and China days (supervisor) */
        get: {
            parameters: {
                query?: {
                    /** @description the actor’s user id */
                    actor?: string;
                    /** @description the actor’s role */
                    role?: "inspector" | "town_officer" | "city_office" | "department" | "supervisor" | "admin";
                    /** @description e.g. case.classify */
                    action?: string;
                    /** @description object type, e.g. case, photo, case_task */
                    entity?: string;
                    entityId?: string;
                    /** @description a division code: the records of the cases in it and below it */
                    town?: string;
                    /** @description a case’s complete record: its own records and those of its photos, tasks, papers and notices */
                    caseNo?: string;
                    /** @description as caseNo, by the case’s id */
                    caseId?: string;
                    /** @description on or after this China day (YYYY-MM-DD) */
                    from?: string;
                    /** @description on or before this China day (YYYY-MM-DD, included) */
                    to?: string;
                    limit?: number;
                    offset?: number;
                };
                header?: never;
                path?: never;
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description Audit records, newest first */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            items: {
                                id: number;
                                /** Format: date-time */
                                at: string;
                                actor_id: string | null;
                                actor_name: string | null;
                                /** @description e.g. case.create, case.verify, user.login */
                                action: string;
                                entity: string;
                                entity_id: string | null;
                                /** @description the entity before (any JSON) */
                                before: unknown;
                                /** @description the entity after (any JSON) */
                                after: unknown;
                                prev_hash: string;
                                hash: string;
                                /** @description the actor as a reader names him: display name (role), 系统, or the account tried (未登录) */
                                actorLabel: string;
                                /** @description the actor’s role now (users.role) */
                                actorRole: string | null;
                                /** @description the action in zh-CN (its code when unknown) */
                                actionLabel: string;
                                /** @description the object type in zh-CN */
                                entityLabel: string;
                                /** @description the object named for a person: a case number, a paper’s number, an account’s name; never an id */
                                objectLabel: string;
                                /** @description the case the record belongs to (its own, or that of its photo, task, paper or notice) */
                                caseId: string | null;
                                caseNo: string | null;
                                /** @description the record as one zh-CN sentence, e.g. 王主任(市三改一拆办) 将 PH-2026-001011 的处置类别由 拆除 改为 暂缓 */
                                sentence: string;
                                /** @description field by field: what changed, or what was recorded */
                                changes: {
                                    field: string;
                                    /** @description the field in zh-CN */
                                    label: string;
                                    /** @description the value before, as labels and names (null: empty, or a record of what was with no before) */
                                    before: string | null;
                                    after: string | null;
                                }[];
                            }[];
                            total: number;
                        };
                    };
                };
                /** @description Error */
                400: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            /** @description stable English error code, e.g. case.invalid_transition */
                            code: string;
                            /** @description human message (zh-CN) */
                            message: string;
                            details: unknown;
                        };
                    };
                };
                /** @description Error */
                401: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            /** @description stable English error code, e.g. case.invalid_transition */
                            code: string;
                            /** @description human message (zh-CN) */
                            message: string;
                            details: unknown;
                        };
                    };
                };
                /** @description Error */
                403: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            /** @description stable English error code, e.g. case.invalid_transition */
                            code: string;
                            /** @description human message (zh-CN) */
                            message: string;
                            details: unknown;
                        };
                    };
                };
                /** @description Error */
                404: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            /** @description stable English error code, e.g. case.invalid_transition */
                            code: string;
                            /** @description human message (zh-CN) */
                            message: string;
                            details: unknown;
                        };
                    };
                };
                /** @description Error */
                409: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            /** @description stable English error code, e.g. case.invalid_transition */
                            code: string;
                            /** @description human message (zh-CN) */
                            message: string;
                            details: unknown;
                        };
                    };
                };
                /** @description Error */
                422: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            /** @description stable English error code, e.g. case.invalid_transition */
                            code: string;
                            /** @description human message (zh-CN) */
                            message: string;
                            details: unknown;
                        };
                    };
                };
            };
        };
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/audit/export.xlsx": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** The filtered audit records as an Excel workbook (the same sentences as the view); the export is itself audited (supervisor) */
        get: {
            parameters: {
                query?: {
                    /** @description the actor’s user id */
                    actor?: string;
                    /** @description the actor’s role */
                    role?: "inspector" | "town_officer" | "city_office" | "department" | "supervisor" | "admin";
                    /** @description e.g. case.classify */
                    action?: string;
                    /** @description object type, e.g. case, photo, case_task */
                    entity?: string;
                    entityId?: string;
                    /** @description a division code: the records of the cases in it and below it */
                    town?: string;
                    /** @description a case’s complete record: its own records and those of its photos, tasks, papers and notices */
                    caseNo?: string;
                    /** @description as caseNo, by the case’s id */
                    caseId?: string;
                    /** @description on or after this China day (YYYY-MM-DD) */
                    from?: string;
                    /** @description on or before this China day (YYYY-MM-DD, included) */
                    to?: string;
                };
                header?: never;
                path?: never;
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description The records (.xlsx) */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet": string;
                    };
                };
                /** @description Error */
                400: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            /** @description stable English error code, e.g. case.invalid_transition */
                            code: string;
                            /** @description human message (zh-CN) */
                            message: string;
                            details: unknown;
                        };
                    };
                };
                /** @description Error */
                401: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            /** @description stable English error code, e.g. case.invalid_transition */
                            code: string;
                            /** @description human message (zh-CN) */
                            message: string;
                            details: unknown;
                        };
                    };
                };
                /** @description Error */
                403: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            /** @description stable English error code, e.g. case.invalid_transition */
                            code: string;
                            /** @description human message (zh-CN) */
                            message: string;
                            details: unknown;
                        };
                    };
                };
                /** @description Error */
                404: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            /** @description stable English error code, e.g. case.invalid_transition */
                            code: string;
                            /** @description human message (zh-CN) */
                            message: string;
                            details: unknown;
                        };
                    };
                };
                /** @description Error */
                409: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            /** @description stable English error code, e.g. case.invalid_transition */
                            code: string;
                            /** @description human message (zh-CN) */
                            message: string;
                            details: unknown;
                        };
                    };
                };
                /** @description Error */
                422: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            /** @description stable English error code, e.g. case.invalid_transition */
                            code: string;
                            /** @description human message (zh-CN) */
                            message: string;
                            details: unknown;
                        };
                    };
                };
            };
        };
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/audit/export": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** The audit records of one case (`case`: its number or id) or one person (`user`: username or id) as a JSON file with the chain proof an outside party re-checks without the database (docs/audit-export.md, `audit verify-export`); the export is itself audited (supervisor) */
        get: {
            parameters: {
                query?: {
                    /** @description a case number or id */
                    case?: string;
                    /** @description a username or user id */
                    user?: string;
                };
                header?: never;
                path?: never;
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description The records with their chain proof (.json) */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": string;
                    };
                };
                /** @description Error */
                400: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            /** @description stable English error code, e.g. case.invalid_transition */
                            code: string;
                            /** @description human message (zh-CN) */
                            message: string;
                            details: unknown;
                        };
                    };
                };
                /** @description Error */
                401: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            /** @description stable English error code, e.g. case.invalid_transition */
                            code: string;
                            /** @description human message (zh-CN) */
                            message: string;
                            details: unknown;
                        };
                    };
                };
                /** @description Error */
                403: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            /** @description stable English error code, e.g. case.invalid_transition */
                            code: string;
                            /** @description human message (zh-CN) */
                            message: string;
                            details: unknown;
                        };
                    };
                };
                /** @description Error */
                404: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            /** @description stable English error code, e.g. case.invalid_transition */
                            code: string;
                            /** @description human message (zh-CN) */
                            message: string;
                            details: unknown;
                        };
                    };
                };
                /** @description Error */
                409: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            /** @description stable English error code, e.g. case.invalid_transition */
                            code: string;
                            /** @description human message (zh-CN) */
                            message: string;
                            details: unknown;
                        };
                    };
                };
                /** @description Error */
                422: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            /** @description stable English error code, e.g. case.invalid_transition */
                            code: string;
                            /** @description human message (zh-CN) */
                            message: string;
                            details: unknown;
                        };
                    };
                };
            };
        };
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/audit/people": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** Every account, for the audit view’s person filter (supervisor) */
        get: {
            parameters: {
                query?: never;
                header?: never;
                path?: never;
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description Default Response */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            items: {
                                id: string;
                                username: string;
                                displayName: string;
                                role: string;
                            }[];
                        };
                    };
                };
                /** @description Error */
                400: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            /** @description stable English error code, e.g. case.invalid_transition */
                            code: string;
                            /** @description human message (zh-CN) */
                            message: string;
                            details: unknown;
                        };
                    };
                };
                /** @description Error */
                401: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            /** @description stable English error code, e.g. case.invalid_transition */
                            code: string;
                            /** @description human message (zh-CN) */
                            message: string;
                            details: unknown;
                        };
                    };
                };
                /** @description Error */
                403: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            /** @description stable English error code, e.g. case.invalid_transition */
                            code: string;
                            /** @description human message (zh-CN) */
                            message: string;
                            details: unknown;
                        };
                    };
                };
                /** @description Error */
                404: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            /** @description stable English error code, e.g. case.invalid_transition */
                            code: string;
                            /** @description human message (zh-CN) */
                            message: string;
                            details: unknown;
                        };
                    };
                };
                /** @description Error */
                409: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            /** @description stable English error code, e.g. case.invalid_transition */
                            code: string;
                            /** @description human message (zh-CN) */
                            message: string;
                            details: unknown;
                        };
                    };
                };
                /** @description Error */
                422: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            /** @description stable English error code, e.g. case.invalid_transition */
                            code: string;
                            /** @description human message (zh-CN) */
                            message: string;
                            details: unknown;
                        };
                    };
                };
            };
        };
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/patrol/tracks": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /**
         * A batch of a patrol track (coarse GPS points sent with the queue); idempotent per clientId
         * @description 2–2000 points; fixes worse than 200 m are dropped. 201 new, 200 on a resend, 409 when the clientId was used with other points.
         */
        post: {
            parameters: {
                query?: never;
                header?: never;
                path?: never;
                cookie?: never;
            };
            requestBody: {
                content: {
                    "application/json": {
                        /**
                         * Format: uuid
                         * @description UUID
                         */
                        clientId: string;
                        points: {
                            /** Format: date-time */
                            at: string;
                            lon: number;
                            lat: number;
                            accuracy?: number;
                        }[];
                    };
                };
            };
            responses: {
                /** @description Sent again: the stored batch */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            /**
                             * Format: uuid
                             * @description UUID
                             */
                            id: string;
                            pointCount: number;
                            lengthM: number;
                            /** Format: date-time */
                            startedAt: string;
                            /** Format: date-time */
                            endedAt: string;
                        };
                    };
                };
                /** @description Stored */
                201: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            /**
                             * Format: uuid
                             * @description UUID
                             */
                            id: string;
                            pointCount: number;
                            lengthM: number;
                            /** Format: date-time */
                            startedAt: string;
                            /** Format: date-time */
                            endedAt: string;
                        };
                    };
                };
                /** @description Error */
                400: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            /** @description stable English error code, e.g. case.invalid_transition */
                            code: string;
                            /** @description human message (zh-CN) */
                            message: string;
                            details: unknown;
                        };
                    };
                };
                /** @description Error */
                401: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            /** @description stable English error code, e.g. case.invalid_transition */
                            code: string;
                            /** @description human message (zh-CN) */
                            message: string;
                            details: unknown;
                        };
                    };
                };
                /** @description Error */
                403: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            /** @description stable English error code, e.g. case.invalid_transition */
                            code: string;
                            /** @description human message (zh-CN) */
                            message: string;
                            details: unknown;
                        };
                    };
                };
                /** @description Error */
                404: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            /** @description stable English error code, e.g. case.invalid_transition */
                            code: string;
                            /** @description human message (zh-CN) */
                            message: string;
                            details: unknown;
                        };
                    };
                };
                /** @description Error */
                409: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            /** @description stable English error code, e.g. case.invalid_transition */
                            code: string;
                            /** @description human message (zh-CN) */
                            message: string;
                            details: unknown;
                        };
                    };
                };
                /** @description Error */
                422: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            /** @description stable English error code, e.g. case.invalid_transition */
                            code: string;
                            /** @description human message (zh-CN) */
                            message: string;
                            details: unknown;
                        };
                    };
                };
            };
        };
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/patrol/coverage": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** Patrol coverage per village in a period: tracks, inspectors, length walked, share of the village within 50 m of a track */
        get: {
            parameters: {
                query: {
                    /** @description first day (China time), YYYY-MM-DD */
                    from: string;
                    /** @description day after the last (exclusive), YYYY-MM-DD */
                    to: string;
                    /** @description limit to one division subtree */
                    town?: string;
                };
                header?: never;
                path?: never;
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description Patrol coverage per village */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            /**
                             * Format: date-time
                             * @description the period’s first moment
                             */
                            from: string;
                            /**
                             * Format: date-time
                             * @description the moment after its end
                             */
                            to: string;
                            /** @description a village is covered within this many metres of a track */
                            bufferM: number;
                            items: {
                                divisionCode: string;
                                divisionName: string;
                                townName: string;
                                tracks: number;
                                inspectors: number;
                                lengthM: number;
                                /** @description share of the village within 50 m of a track, 0–1 */
                                coveredShare: number;
                                areaKm2: number;
                            }[];
                        };
                    };
                };
                /** @description Error */
                400: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            /** @description stable English error code, e.g. case.invalid_transition */
                            code: string;
                            /** @description human message (zh-CN) */
                            message: string;
                            details: unknown;
                        };
                    };
                };
                /** @description Error */
                401: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            /** @description stable English error code, e.g. case.invalid_transition */
                            code: string;
                            /** @description human message (zh-CN) */
                            message: string;
                            details: unknown;
                        };
                    };
                };
                /** @description Error */
                403: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            /** @description stable English error code, e.g. case.invalid_transition */
                            code: string;
                            /** @description human message (zh-CN) */
                            message: string;
                            details: unknown;
                        };
                    };
                };
                /** @description Error */
                404: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            /** @description stable English error code, e.g. case.invalid_transition */
                            code: string;
                            /** @description human message (zh-CN) */
                            message: string;
                            details: unknown;
                        };
                    };
                };
                /** @description Error */
                409: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            /** @description stable English error code, e.g. case.invalid_transition */
                            code: string;
                            /** @description human message (zh-CN) */
                            message: string;
                            details: unknown;
                        };
                    };
                };
                /** @description Error */
                422: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            /** @description stable English error code, e.g. case.invalid_transition */
                            code: string;
                            /** @description human message (zh-CN) */
                            message: string;
                            details: unknown;
                        };
                    };
                };
            };
        };
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/index/definition": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** The current indicator definition (指标体系): dimensions, indicators, goalposts, weights, red lines, grading, method */
        get: {
            parameters: {
                query?: never;
                header?: never;
                path?: never;
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description The current definition version */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            version: number;
                            label: string;
                            note: string | null;
                            /** Format: date-time */
                            createdAt: string;
                            /** @description who saved it (null: the shipped default) */
                            createdByName: string | null;
                            /** @description The indicator definition: dimensions, indicators, goalposts, weights, red lines, grading, method */
                            definition: {
                                label: string;
                                weightTotal: number;
                                params: {
                                    flowWindowMonths: number;
                                    quickRemovalDays: number;
                                    redecisionDays: number;
                                } & {
                                    [key: string]: unknown;
                                };
                                dimensions: ({
                                    id: string;
                                    name: {
                                        zh: string;
                                        en: string;
                                    } & {
                                        [key: string]: unknown;
                                    };
                                } & {
                                    [key: string]: unknown;
                                })[];
                                indicators: ({
                                    id: string;
                                    name: {
                                        zh: string;
                                        en: string;
                                    } & {
                                        [key: string]: unknown;
                                    };
                                    dimension: string;
                                    /** @enum {string} */
                                    level: "town" | "village" | "both";
                                    formula: string;
                                    unit: string;
                                    /** @enum {string} */
                                    direction: "higher" | "lower";
                                    goalposts: {
                                        lower: number;
                                        upper: number;
                                    } & {
                                        [key: string]: unknown;
                                    };
                                    weight: number;
                                    /** @enum {string} */
                                    imputation?: "median" | "best" | "worst" | "exclude";
                                    meaning: string;
                                } & {
                                    [key: string]: unknown;
                                })[];
                                redLines: ({
                                    id: string;
                                    name: {
                                        zh: string;
                                        en: string;
                                    } & {
                                        [key: string]: unknown;
                                    };
                                    formula: string;
                                    /** @enum {string} */
                                    op: ">" | ">=" | "<" | "<=";
                                    threshold: number;
                                    /**
                                     * @description the five colours of the map (五色图), best first
                                     * @enum {string}
                                     */
                                    cap: "green" | "blue" | "yellow" | "orange" | "red";
                                    /** @enum {string} */
                                    level: "town" | "village" | "both";
                                } & {
                                    [key: string]: unknown;
                                })[];
                                grading: {
                                    /** @enum {string} */
                                    mode: "bands" | "quota";
                                    bands: {
                                        green: number;
                                        blue: number;
                                        yellow: number;
                                        orange: number;
                                    } & {
                                        [key: string]: unknown;
                                    };
                                    quota: {
                                        green: number;
                                        blue: number;
                                        yellow: number;
                                        orange: number;
                                        red: number;
                                    } & {
                                        [key: string]: unknown;
                                    };
                                } & {
                                    [key: string]: unknown;
                                };
                                method: {
                                    /** @enum {string} */
                                    normalisation: "goalposts" | "minmax" | "percentile";
                                    /** @enum {string} */
                                    aggregation: "arithmetic" | "geometric";
                                    monteCarlo: {
                                        draws: number;
                                        weightSpread: number;
                                        switchMethods: boolean;
                                    } & {
                                        [key: string]: unknown;
                                    };
                                } & {
                                    [key: string]: unknown;
                                };
                            } & {
                                [key: string]: unknown;
                            };
                        };
                    };
                };
                /** @description Error */
                400: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            /** @description stable English error code, e.g. case.invalid_transition */
                            code: string;
                            /** @description human message (zh-CN) */
                            message: string;
                            details: unknown;
                        };
                    };
                };
                /** @description Error */
                401: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            /** @description stable English error code, e.g. case.invalid_transition */
                            code: string;
                            /** @description human message (zh-CN) */
                            message: string;
                            details: unknown;
                        };
                    };
                };
                /** @description Error */
                403: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            /** @description stable English error code, e.g. case.invalid_transition */
                            code: string;
                            /** @description human message (zh-CN) */
                            message: string;
                            details: unknown;
                        };
                    };
                };
                /** @description Error */
                404: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            /** @description stable English error code, e.g. case.invalid_transition */
                            code: string;
                            /** @description human message (zh-CN) */
                            message: string;
                            details: unknown;
                        };
                    };
                };
                /** @description Error */
                409: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            /** @description stable English error code, e.g. case.invalid_transition */
                            code: string;
                            /** @description human message (zh-CN) */
                            message: string;
                            details: unknown;
                        };
                    };
                };
                /** @description Error */
                422: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            /** @description stable English error code, e.g. case.invalid_transition */
                            code: string;
                            /** @description human message (zh-CN) */
                            message: string;
                            details: unknown;
                        };
                    };
                };
            };
        };
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/index/definitions": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** Every saved definition version, newest first */
        get: {
            parameters: {
                query?: never;
                header?: never;
                path?: never;
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description Every saved definition version, newest first */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            items: {
                                version: number;
                                label: string;
                                note: string | null;
                                createdBy: string | null;
                                /** @description who saved it (null: the shipped default) */
                                createdByName: string | null;
                                /** Format: date-time */
                                createdAt: string;
                            }[];
                        };
                    };
                };
                /** @description Error */
                400: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            /** @description stable English error code, e.g. case.invalid_transition */
                            code: string;
                            /** @description human message (zh-CN) */
                            message: string;
                            details: unknown;
                        };
                    };
                };
                /** @description Error */
                401: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            /** @description stable English error code, e.g. case.invalid_transition */
                            code: string;
                            /** @description human message (zh-CN) */
                            message: string;
                            details: unknown;
                        };
                    };
                };
                /** @description Error */
                403: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            /** @description stable English error code, e.g. case.invalid_transition */
                            code: string;
                            /** @description human message (zh-CN) */
                            message: string;
                            details: unknown;
                        };
                    };
                };
                /** @description Error */
                404: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            /** @description stable English error code, e.g. case.invalid_transition */
                            code: string;
                            /** @description human message (zh-CN) */
                            message: string;
                            details: unknown;
                        };
                    };
                };
                /** @description Error */
                409: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            /** @description stable English error code, e.g. case.invalid_transition */
                            code: string;
                            /** @description human message (zh-CN) */
                            message: string;
                            details: unknown;
                        };
                    };
                };
                /** @description Error */
                422: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            /** @description stable English error code, e.g. case.invalid_transition */
                            code: string;
                            /** @description human message (zh-CN) */
                            message: string;
                            details: unknown;
                        };
                    };
                };
            };
        };
        put?: never;
        /** Save a new definition version (admin); refused with every problem named (422 index.invalid_definition); audited with every edit */
        post: {
            parameters: {
                query?: never;
                header?: never;
                path?: never;
                cookie?: never;
            };
            requestBody: {
                content: {
                    "application/json": {
                        /** @description the whole definition (see GET /api/index/definition) */
                        definition: unknown;
                        note?: string;
                        /** @description the version the edit started from: refused (409 index.definition_conflict) when another version was saved since */
                        baseVersion?: number;
                    };
                };
            };
            responses: {
                /** @description Saved */
                201: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            /** @description the new version */
                            version: number;
                        };
                    };
                };
                /** @description Error */
                400: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            /** @description stable English error code, e.g. case.invalid_transition */
                            code: string;
                            /** @description human message (zh-CN) */
                            message: string;
                            details: unknown;
                        };
                    };
                };
                /** @description Error */
                401: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            /** @description stable English error code, e.g. case.invalid_transition */
                            code: string;
                            /** @description human message (zh-CN) */
                            message: string;
                            details: unknown;
                        };
                    };
                };
                /** @description Error */
                403: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            /** @description stable English error code, e.g. case.invalid_transition */
                            code: string;
                            /** @description human message (zh-CN) */
                            message: string;
                            details: unknown;
                        };
                    };
                };
                /** @description Error */
                404: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            /** @description stable English error code, e.g. case.invalid_transition */
                            code: string;
                            /** @description human message (zh-CN) */
                            message: string;
                            details: unknown;
                        };
                    };
                };
                /** @description Error */
                409: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            /** @description stable English error code, e.g. case.invalid_transition */
                            code: string;
                            /** @description human message (zh-CN) */
                            message: string;
                            details: unknown;
                        };
                    };
                };
                /** @description Error */
                422: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            /** @description stable English error code, e.g. case.invalid_transition */
                            code: string;
                            /** @description human message (zh-CN) */
                            message: string;
                            details: unknown;
                        };
                    };
                };
            };
        };
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/index/definitions/{version}": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** One saved definition version */
        get: {
            parameters: {
                query?: never;
                header?: never;
                path: {
                    version: number;
                };
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description A saved definition version */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            version: number;
                            label: string;
                            note: string | null;
                            /** Format: date-time */
                            createdAt: string;
                            /** @description who saved it (null: the shipped default) */
                            createdByName: string | null;
                            /** @description The indicator definition: dimensions, indicators, goalposts, weights, red lines, grading, method */
                            definition: {
                                label: string;
                                weightTotal: number;
                                params: {
                                    flowWindowMonths: number;
                                    quickRemovalDays: number;
                                    redecisionDays: number;
                                } & {
                                    [key: string]: unknown;
                                };
                                dimensions: ({
                                    id: string;
                                    name: {
                                        zh: string;
                                        en: string;
                                    } & {
                                        [key: string]: unknown;
                                    };
                                } & {
                                    [key: string]: unknown;
                                })[];
                                indicators: ({
                                    id: string;
                                    name: {
                                        zh: string;
                                        en: string;
                                    } & {
                                        [key: string]: unknown;
                                    };
                                    dimension: string;
                                    /** @enum {string} */
                                    level: "town" | "village" | "both";
                                    formula: string;
                                    unit: string;
                                    /** @enum {string} */
                                    direction: "higher" | "lower";
                                    goalposts: {
                                        lower: number;
                                        upper: number;
                                    } & {
                                        [key: string]: unknown;
                                    };
                                    weight: number;
                                    /** @enum {string} */
                                    imputation?: "median" | "best" | "worst" | "exclude";
                                    meaning: string;
                                } & {
                                    [key: string]: unknown;
                                })[];
                                redLines: ({
                                    id: string;
                                    name: {
                                        zh: string;
                                        en: string;
                                    } & {
                                        [key: string]: unknown;
                                    };
                                    formula: string;
                                    /** @enum {string} */
                                    op: ">" | ">=" | "<" | "<=";
                                    threshold: number;
                                    /**
                                     * @description the five colours of the map (五色图), best first
                                     * @enum {string}
                                     */
                                    cap: "green" | "blue" | "yellow" | "orange" | "red";
                                    /** @enum {string} */
                                    level: "town" | "village" | "both";
                                } & {
                                    [key: string]: unknown;
                                })[];
                                grading: {
                                    /** @enum {string} */
                                    mode: "bands" | "quota";
                                    bands: {
                                        green: number;
                                        blue: number;
                                        yellow: number;
                                        orange: number;
                                    } & {
                                        [key: string]: unknown;
                                    };
                                    quota: {
                                        green: number;
                                        blue: number;
                                        yellow: number;
                                        orange: number;
                                        red: number;
                                    } & {
                                        [key: string]: unknown;
                                    };
                                } & {
                                    [key: string]: unknown;
                                };
                                method: {
                                    /** @enum {string} */
                                    normalisation: "goalposts" | "minmax" | "percentile";
                                    /** @enum {string} */
                                    aggregation: "arithmetic" | "geometric";
                                    monteCarlo: {
                                        draws: number;
                                        weightSpread: number;
                                        switchMethods: boolean;
                                    } & {
                                        [key: string]: unknown;
                                    };
                                } & {
                                    [key: string]: unknown;
                                };
                            } & {
                                [key: string]: unknown;
                            };
                        };
                    };
                };
                /** @description Error */
                400: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            /** @description stable English error code, e.g. case.invalid_transition */
                            code: string;
                            /** @description human message (zh-CN) */
                            message: string;
                            details: unknown;
                        };
                    };
                };
                /** @description Error */
                401: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            /** @description stable English error code, e.g. case.invalid_transition */
                            code: string;
                            /** @description human message (zh-CN) */
                            message: string;
                            details: unknown;
                        };
                    };
                };
                /** @description Error */
                403: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            /** @description stable English error code, e.g. case.invalid_transition */
                            code: string;
                            /** @description human message (zh-CN) */
                            message: string;
                            details: unknown;
                        };
                    };
                };
                /** @description Error */
                404: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            /** @description stable English error code, e.g. case.invalid_transition */
                            code: string;
                            /** @description human message (zh-CN) */
                            message: string;
                            details: unknown;
                        };
                    };
                };
                /** @description Error */
                409: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            /** @description stable English error code, e.g. case.invalid_transition */
                            code: string;
                            /** @description human message (zh-CN) */
                            message: string;
                            details: unknown;
                        };
                    };
                };
                /** @description Error */
                422: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            /** @description stable English error code, e.g. case.invalid_transition */
                            code: string;
                            /** @description human message (zh-CN) */
                            message: string;
                            details: unknown;
                        };
                    };
                };
            };
        };
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/index/definitions/preview": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /**
         * Preview an edited definition (admin; saves nothing): the last finished period recomputed with it, colours before → after
         * @description Validates like a save (422 `index.invalid_definition` with `details.problems`), then recomputes the period of the latest complete run with the edited definition, its measures computed as a run computes them, and compares each town and village with that run: colour counts before → after per level and every unit whose colour changes. 409 `index.preview_no_run` while no complete run exists.
         */
        post: {
            parameters: {
                query?: never;
                header?: never;
                path?: never;
                cookie?: never;
            };
            requestBody: {
                content: {
                    "application/json": {
                        /** @description the edited definition (see GET /api/index/definition) */
                        definition: unknown;
                    };
                };
            };
            responses: {
                /** @description What the edited definition would give in the last finished period, against that run; nothing is saved */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            /** @description the latest complete run: its period is recomputed, its colours are the "before" */
                            run: {
                                /**
                                 * Format: uuid
                                 * @description UUID
                                 */
                                id: string;
                                period: string;
                                definitionVersion: number;
                                /** Format: date-time */
                                finishedAt: string | null;
                            };
                            currentVersion: number;
                            /** @description the edits against the current version, one per setting (zh-CN; what the audit record of a save lists) */
                            changes: {
                                label: string;
                                before: string | null;
                                after: string | null;
                            }[];
                            levels: {
                                town: {
                                    units: number;
                                    before: {
                                        green: number;
                                        blue: number;
                                        yellow: number;
                                        orange: number;
                                        red: number;
                                    };
                                    after: {
                                        green: number;
                                        blue: number;
                                        yellow: number;
                                        orange: number;
                                        red: number;
                                    };
                                    /** @description units whose colour gets better */
                                    better: number;
                                    /** @description units whose colour gets worse */
                                    worse: number;
                                    /** @description indicators left out of this level in that period (no source, no data) */
                                    excluded: {
                                        id: string;
                                        /** @enum {string} */
                                        status: "included" | "no_source" | "no_data_in_period" | "not_applicable" | "no_data";
                                    }[];
                                };
                                village: {
                                    units: number;
                                    before: {
                                        green: number;
                                        blue: number;
                                        yellow: number;
                                        orange: number;
                                        red: number;
                                    };
                                    after: {
                                        green: number;
                                        blue: number;
                                        yellow: number;
                                        orange: number;
                                        red: number;
                                    };
                                    /** @description units whose colour gets better */
                                    better: number;
                                    /** @description units whose colour gets worse */
                                    worse: number;
                                    /** @description indicators left out of this level in that period (no source, no data) */
                                    excluded: {
                                        id: string;
                                        /** @enum {string} */
                                        status: "included" | "no_source" | "no_data_in_period" | "not_applicable" | "no_data";
                                    }[];
                                };
                            };
                            /** @description units whose colour changes: towns first, the largest moves first */
                            changed: {
                                divisionCode: string;
                                name: string;
                                /** @enum {string} */
                                level: "town" | "village";
                                /** @description a village's town */
                                townName: string | null;
                                /**
                                 * @description the five colours of the map (五色图), best first
                                 * @enum {string}
                                 */
                                before: "green" | "blue" | "yellow" | "orange" | "red";
                                /**
                                 * @description the five colours of the map (五色图), best first
                                 * @enum {string}
                                 */
                                after: "green" | "blue" | "yellow" | "orange" | "red";
                                scoreBefore: number;
                                scoreAfter: number;
                                /** @description red lines that fire under the edited definition */
                                redLines: string[];
                            }[];
                        };
                    };
                };
                /** @description Error */
                400: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            /** @description stable English error code, e.g. case.invalid_transition */
                            code: string;
                            /** @description human message (zh-CN) */
                            message: string;
                            details: unknown;
                        };
                    };
                };
                /** @description Error */
                401: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            /** @description stable English error code, e.g. case.invalid_transition */
                            code: string;
                            /** @description human message (zh-CN) */
                            message: string;
                            details: unknown;
                        };
                    };
                };
                /** @description Error */
                403: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            /** @description stable English error code, e.g. case.invalid_transition */
                            code: string;
                            /** @description human message (zh-CN) */
                            message: string;
                            details: unknown;
                        };
                    };
                };
                /** @description Error */
                404: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            /** @description stable English error code, e.g. case.invalid_transition */
                            code: string;
                            /** @description human message (zh-CN) */
                            message: string;
                            details: unknown;
                        };
                    };
                };
                /** @description Error */
                409: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            /** @description stable English error code, e.g. case.invalid_transition */
                            code: string;
                            /** @description human message (zh-CN) */
                            message: string;
                            details: unknown;
                        };
                    };
                };
                /** @description Error */
                422: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            /** @description stable English error code, e.g. case.invalid_transition */
                            code: string;
                            /** @description human message (zh-CN) */
                            message: string;
                            details: unknown;
                        };
                    };
                };
            };
        };
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/index/runs": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** Runs, newest first (optionally of one period) */
        get: {
            parameters: {
                query?: {
                    /** @description a month YYYY-MM or a quarter YYYY-Qn (China time) */
                    period?: string;
                    limit?: number;
                };
                header?: never;
                path?: never;
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description Runs, newest first */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            items: {
                                /**
                                 * Format: uuid
                                 * @description UUID
                                 */
                                id: string;
                                /** @description YYYY-MM or YYYY-Qn */
                                period: string;
                                /** Format: date-time */
                                periodStart: string;
                                /** Format: date-time */
                                periodEnd: string;
                                /** @enum {string} */
                                status: "queued" | "running" | "done" | "failed";
                                definitionVersion: number;
                                seed: number;
                                /** @description the overrides it was started with */
                                options: unknown;
                                /** Format: date-time */
                                requestedAt: string;
                                /** Format: date-time */
                                startedAt: string | null;
                                /** Format: date-time */
                                finishedAt: string | null;
                                error: string | null;
                                /** @description Set once the run is done */
                                summary: ({
                                    levels: {
                                        town: {
                                            units: number;
                                            colors: {
                                                [key: string]: number;
                                            };
                                            indicators: ({
                                                id: string;
                                                /** @enum {string} */
                                                status: "included" | "no_source" | "no_data_in_period" | "not_applicable" | "no_data";
                                                weight: number;
                                                missingUnits: number;
                                            } & {
                                                [key: string]: unknown;
                                            })[];
                                        } & {
                                            [key: string]: unknown;
                                        };
                                        village: {
                                            units: number;
                                            colors: {
                                                [key: string]: number;
                                            };
                                            indicators: ({
                                                id: string;
                                                /** @enum {string} */
                                                status: "included" | "no_source" | "no_data_in_period" | "not_applicable" | "no_data";
                                                weight: number;
                                                missingUnits: number;
                                            } & {
                                                [key: string]: unknown;
                                            })[];
                                        } & {
                                            [key: string]: unknown;
                                        };
                                    } & {
                                        [key: string]: unknown;
                                    };
                                    /** @description the period had not ended: computed as of the run */
                                    partial: boolean;
                                    previousPeriod: string;
                                    method: {
                                        normalisation: string;
                                        aggregation: string;
                                        draws: number;
                                        weightSpread: number;
                                    } & {
                                        [key: string]: unknown;
                                    };
                                    timingsMs: {
                                        total: number;
                                    } & {
                                        [key: string]: unknown;
                                    };
                                    flowWindowStart: string;
                                } & {
                                    [key: string]: unknown;
                                }) | null;
                                /** @description While the run is computed: the step it is at */
                                progress: ({
                                    step: number;
                                    steps: number;
                                    /** @enum {string} */
                                    name: "measures" | "previous" | "engine" | "saving";
                                } & {
                                    [key: string]: unknown;
                                }) | null;
                            }[];
                        };
                    };
                };
                /** @description Error */
                400: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            /** @description stable English error code, e.g. case.invalid_transition */
                            code: string;
                            /** @description human message (zh-CN) */
                            message: string;
                            details: unknown;
                        };
                    };
                };
                /** @description Error */
                401: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            /** @description stable English error code, e.g. case.invalid_transition */
                            code: string;
                            /** @description human message (zh-CN) */
                            message: string;
                            details: unknown;
                        };
                    };
                };
                /** @description Error */
                403: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            /** @description stable English error code, e.g. case.invalid_transition */
                            code: string;
                            /** @description human message (zh-CN) */
                            message: string;
                            details: unknown;
                        };
                    };
                };
                /** @description Error */
                404: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            /** @description stable English error code, e.g. case.invalid_transition */
                            code: string;
                            /** @description human message (zh-CN) */
                            message: string;
                            details: unknown;
                        };
                    };
                };
                /** @description Error */
                409: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            /** @description stable English error code, e.g. case.invalid_transition */
                            code: string;
                            /** @description human message (zh-CN) */
                            message: string;
                            details: unknown;
                        };
                    };
                };
                /** @description Error */
                422: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            /** @description stable English error code, e.g. case.invalid_transition */
                            code: string;
                            /** @description human message (zh-CN) */
                            message: string;
                            details: unknown;
                        };
                    };
                };
            };
        };
        put?: never;
        /** Start an index run for a month or quarter (city office, admin); computed by a background job */
        post: {
            parameters: {
                query?: never;
                header?: never;
                path?: never;
                cookie?: never;
            };
            requestBody: {
                content: {
                    "application/json": {
                        /** @description a month YYYY-MM or a quarter YYYY-Qn (China time) */
                        period: string;
                        /** @description Monte Carlo seed (random when absent; stored with the run) */
                        seed?: number;
                        /**
                         * @description override of the definition's normalisation
                         * @enum {string}
                         */
                        normalisation?: "goalposts" | "minmax" | "percentile";
                        /**
                         * @description override of the definition's aggregation
                         * @enum {string}
                         */
                        aggregation?: "arithmetic" | "geometric";
                        /** @description Monte Carlo draws (default from the definition, 1,000) */
                        draws?: number;
                    };
                };
            };
            responses: {
                /** @description The run is queued */
                202: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            /**
                             * Format: uuid
                             * @description UUID
                             */
                            id: string;
                            /** @enum {string} */
                            status: "queued";
                        };
                    };
                };
                /** @description Error */
                400: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            /** @description stable English error code, e.g. case.invalid_transition */
                            code: string;
                            /** @description human message (zh-CN) */
                            message: string;
                            details: unknown;
                        };
                    };
                };
                /** @description Error */
                401: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            /** @description stable English error code, e.g. case.invalid_transition */
                            code: string;
                            /** @description human message (zh-CN) */
                            message: string;
                            details: unknown;
                        };
                    };
                };
                /** @description Error */
                403: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            /** @description stable English error code, e.g. case.invalid_transition */
                            code: string;
                            /** @description human message (zh-CN) */
                            message: string;
                            details: unknown;
                        };
                    };
                };
                /** @description Error */
                404: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            /** @description stable English error code, e.g. case.invalid_transition */
                            code: string;
                            /** @description human message (zh-CN) */
                            message: string;
                            details: unknown;
                        };
                    };
                };
                /** @description Error */
                409: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            /** @description stable English error code, e.g. case.invalid_transition */
                            code: string;
                            /** @description human message (zh-CN) */
                            message: string;
                            details: unknown;
                        };
                    };
                };
                /** @description Error */
                422: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            /** @description stable English error code, e.g. case.invalid_transition */
                            code: string;
                            /** @description human message (zh-CN) */
                            message: string;
                            details: unknown;
                        };
                    };
                };
            };
        };
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/index/runs/{id}": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * A run's status, summary and the definition it used
         * @description While the run is computed (`status: running`), `progress` is the step it is at: `{ step, steps: 4, name }` with name `measures` (this period), `previous` (the previous period, when no finished run has it), `engine` (scores, ranks, Monte Carlo) or `saving`; null otherwise. `summary` is set once the run is done.
         */
        get: {
            parameters: {
                query?: never;
                header?: never;
                path: {
                    /** @description UUID */
                    id: string;
                };
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description The run and the definition it used */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            /**
                             * Format: uuid
                             * @description UUID
                             */
                            id: string;
                            /** @description YYYY-MM or YYYY-Qn */
                            period: string;
                            /** Format: date-time */
                            periodStart: string;
                            /** Format: date-time */
                            periodEnd: string;
                            /** @enum {string} */
                            status: "queued" | "running" | "done" | "failed";
                            definitionVersion: number;
                            seed: number;
                            /** @description the overrides it was started with */
                            options: unknown;
                            /** Format: date-time */
                            requestedAt: string;
                            /** Format: date-time */
                            startedAt: string | null;
                            /** Format: date-time */
                            finishedAt: string | null;
                            error: string | null;
                            /** @description Set once the run is done */
                            summary: ({
                                levels: {
                                    town: {
                                        units: number;
                                        colors: {
                                            [key: string]: number;
                                        };
                                        indicators: ({
                                            id: string;
                                            /** @enum {string} */
                                            status: "included" | "no_source" | "no_data_in_period" | "not_applicable" | "no_data";
                                            weight: number;
                                            missingUnits: number;
                                        } & {
                                            [key: string]: unknown;
                                        })[];
                                    } & {
                                        [key: string]: unknown;
                                    };
                                    village: {
                                        units: number;
                                        colors: {
                                            [key: string]: number;
                                        };
                                        indicators: ({
                                            id: string;
                                            /** @enum {string} */
                                            status: "included" | "no_source" | "no_data_in_period" | "not_applicable" | "no_data";
                                            weight: number;
                                            missingUnits: number;
                                        } & {
                                            [key: string]: unknown;
                                        })[];
                                    } & {
                                        [key: string]: unknown;
                                    };
                                } & {
                                    [key: string]: unknown;
                                };
                                /** @description the period had not ended: computed as of the run */
                                partial: boolean;
                                previousPeriod: string;
                                method: {
                                    normalisation: string;
                                    aggregation: string;
                                    draws: number;
                                    weightSpread: number;
                                } & {
                                    [key: string]: unknown;
                                };
                                timingsMs: {
                                    total: number;
                                } & {
                                    [key: string]: unknown;
                                };
                                flowWindowStart: string;
                            } & {
                                [key: string]: unknown;
                            }) | null;
                            /** @description While the run is computed: the step it is at */
                            progress: ({
                                step: number;
                                steps: number;
                                /** @enum {string} */
                                name: "measures" | "previous" | "engine" | "saving";
                            } & {
                                [key: string]: unknown;
                            }) | null;
                            /** @description The indicator definition: dimensions, indicators, goalposts, weights, red lines, grading, method */
                            definition: {
                                label: string;
                                weightTotal: number;
                                params: {
                                    flowWindowMonths: number;
                                    quickRemovalDays: number;
                                    redecisionDays: number;
                                } & {
                                    [key: string]: unknown;
                                };
                                dimensions: ({
                                    id: string;
                                    name: {
                                        zh: string;
                                        en: string;
                                    } & {
                                        [key: string]: unknown;
                                    };
                                } & {
                                    [key: string]: unknown;
                                })[];
                                indicators: ({
                                    id: string;
                                    name: {
                                        zh: string;
                                        en: string;
                                    } & {
                                        [key: string]: unknown;
                                    };
                                    dimension: string;
                                    /** @enum {string} */
                                    level: "town" | "village" | "both";
                                    formula: string;
                                    unit: string;
                                    /** @enum {string} */
                                    direction: "higher" | "lower";
                                    goalposts: {
                                        lower: number;
                                        upper: number;
                                    } & {
                                        [key: string]: unknown;
                                    };
                                    weight: number;
                                    /** @enum {string} */
                                    imputation?: "median" | "best" | "worst" | "exclude";
                                    meaning: string;
                                } & {
                                    [key: string]: unknown;
                                })[];
                                redLines: ({
                                    id: string;
                                    name: {
                                        zh: string;
                                        en: string;
                                    } & {
                                        [key: string]: unknown;
                                    };
                                    formula: string;
                                    /** @enum {string} */
                                    op: ">" | ">=" | "<" | "<=";
                                    threshold: number;
                                    /**
                                     * @description the five colours of the map (五色图), best first
                                     * @enum {string}
                                     */
                                    cap: "green" | "blue" | "yellow" | "orange" | "red";
                                    /** @enum {string} */
                                    level: "town" | "village" | "both";
                                } & {
                                    [key: string]: unknown;
                                })[];
                                grading: {
                                    /** @enum {string} */
                                    mode: "bands" | "quota";
                                    bands: {
                                        green: number;
                                        blue: number;
                                        yellow: number;
                                        orange: number;
                                    } & {
                                        [key: string]: unknown;
                                    };
                                    quota: {
                                        green: number;
                                        blue: number;
                                        yellow: number;
                                        orange: number;
                                        red: number;
                                    } & {
                                        [key: string]: unknown;
                                    };
                                } & {
                                    [key: string]: unknown;
                                };
                                method: {
                                    /** @enum {string} */
                                    normalisation: "goalposts" | "minmax" | "percentile";
                                    /** @enum {string} */
                                    aggregation: "arithmetic" | "geometric";
                                    monteCarlo: {
                                        draws: number;
                                        weightSpread: number;
                                        switchMethods: boolean;
                                    } & {
                                        [key: string]: unknown;
                                    };
                                } & {
                                    [key: string]: unknown;
                                };
                            } & {
                                [key: string]: unknown;
                            };
                        };
                    };
                };
                /** @description Error */
                400: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            /** @description stable English error code, e.g. case.invalid_transition */
                            code: string;
                            /** @description human message (zh-CN) */
                            message: string;
                            details: unknown;
                        };
                    };
                };
                /** @description Error */
                401: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            /** @description stable English error code, e.g. case.invalid_transition */
                            code: string;
                            /** @description human message (zh-CN) */
                            message: string;
                            details: unknown;
                        };
                    };
                };
                /** @description Error */
                403: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            /** @description stable English error code, e.g. case.invalid_transition */
                            code: string;
                            /** @description human message (zh-CN) */
                            message: string;
                            details: unknown;
                        };
                    };
                };
                /** @description Error */
                404: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            /** @description stable English error code, e.g. case.invalid_transition */
                            code: string;
                            /** @description human message (zh-CN) */
                            message: string;
                            details: unknown;
                        };
                    };
                };
                /** @description Error */
                409: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            /** @description stable English error code, e.g. case.invalid_transition */
                            code: string;
                            /** @description human message (zh-CN) */
                            message: string;
                            details: unknown;
                        };
                    };
                };
                /** @description Error */
                422: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            /** @description stable English error code, e.g. case.invalid_transition */
                            code: string;
                            /** @description human message (zh-CN) */
                            message: string;
                            details: unknown;
                        };
                    };
                };
            };
        };
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/index/runs/{id}/results": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** Scores, ranks, colours, dimensions, indicators, rank intervals, colour probabilities and change, per town or village (inside your jurisdiction) */
        get: {
            parameters: {
                query?: {
                    /** @description town (default) or village */
                    level?: "town" | "village";
                };
                header?: never;
                path: {
                    /** @description UUID */
                    id: string;
                };
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description The run and its results at the level */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            run: {
                                /**
                                 * Format: uuid
                                 * @description UUID
                                 */
                                id: string;
                                /** @description YYYY-MM or YYYY-Qn */
                                period: string;
                                /** Format: date-time */
                                periodStart: string;
                                /** Format: date-time */
                                periodEnd: string;
                                /** @enum {string} */
                                status: "queued" | "running" | "done" | "failed";
                                definitionVersion: number;
                                seed: number;
                                /** @description the overrides it was started with */
                                options: unknown;
                                /** Format: date-time */
                                requestedAt: string;
                                /** Format: date-time */
                                startedAt: string | null;
                                /** Format: date-time */
                                finishedAt: string | null;
                                error: string | null;
                                /** @description Set once the run is done */
                                summary: ({
                                    levels: {
                                        town: {
                                            units: number;
                                            colors: {
                                                [key: string]: number;
                                            };
                                            indicators: ({
                                                id: string;
                                                /** @enum {string} */
                                                status: "included" | "no_source" | "no_data_in_period" | "not_applicable" | "no_data";
                                                weight: number;
                                                missingUnits: number;
                                            } & {
                                                [key: string]: unknown;
                                            })[];
                                        } & {
                                            [key: string]: unknown;
                                        };
                                        village: {
                                            units: number;
                                            colors: {
                                                [key: string]: number;
                                            };
                                            indicators: ({
                                                id: string;
                                                /** @enum {string} */
                                                status: "included" | "no_source" | "no_data_in_period" | "not_applicable" | "no_data";
                                                weight: number;
                                                missingUnits: number;
                                            } & {
                                                [key: string]: unknown;
                                            })[];
                                        } & {
                                            [key: string]: unknown;
                                        };
                                    } & {
                                        [key: string]: unknown;
                                    };
                                    /** @description the period had not ended: computed as of the run */
                                    partial: boolean;
                                    previousPeriod: string;
                                    method: {
                                        normalisation: string;
                                        aggregation: string;
                                        draws: number;
                                        weightSpread: number;
                                    } & {
                                        [key: string]: unknown;
                                    };
                                    timingsMs: {
                                        total: number;
                                    } & {
                                        [key: string]: unknown;
                                    };
                                    flowWindowStart: string;
                                } & {
                                    [key: string]: unknown;
                                }) | null;
                                /** @description While the run is computed: the step it is at */
                                progress: ({
                                    step: number;
                                    steps: number;
                                    /** @enum {string} */
                                    name: "measures" | "previous" | "engine" | "saving";
                                } & {
                                    [key: string]: unknown;
                                }) | null;
                            };
                            items: {
                                divisionCode: string;
                                name: string;
                                /** @enum {string} */
                                level: "town" | "village";
                                parentCode: string | null;
                                score: number;
                                rank: number;
                                rankInTown: number | null;
                                /**
                                 * @description the five colours of the map (五色图), best first
                                 * @enum {string}
                                 */
                                color: "green" | "blue" | "yellow" | "orange" | "red";
                                /**
                                 * @description the five colours of the map (五色图), best first
                                 * @enum {string}
                                 */
                                bandColor: "green" | "blue" | "yellow" | "orange" | "red";
                                redLines: ({
                                    id: string;
                                    /**
                                     * @description the five colours of the map (五色图), best first
                                     * @enum {string}
                                     */
                                    cap: "green" | "blue" | "yellow" | "orange" | "red";
                                    value: number;
                                } & {
                                    [key: string]: unknown;
                                })[];
                                dimensions: ({
                                    id: string;
                                    score: number | null;
                                    weight: number;
                                } & {
                                    [key: string]: unknown;
                                })[];
                                indicators: ({
                                    id: string;
                                    dimension: string;
                                    /** @enum {string} */
                                    status: "included" | "no_source" | "no_data_in_period" | "not_applicable" | "no_data";
                                    raw: number | null;
                                    /** @enum {string|null} */
                                    missing: "zero_denominator" | "missing_measure" | null;
                                    imputed: number | null;
                                    normalised: number | null;
                                    weight: number;
                                    contribution: number;
                                    pointsLost: number;
                                } & {
                                    [key: string]: unknown;
                                })[];
                                /** @description Monte Carlo rank interval */
                                rankInterval: ({
                                    p5: number;
                                    median: number;
                                    p95: number;
                                } & {
                                    [key: string]: unknown;
                                }) | null;
                                colorProbabilities: ({
                                    green: number;
                                    blue: number;
                                    yellow: number;
                                    orange: number;
                                    red: number;
                                } & {
                                    [key: string]: unknown;
                                }) | null;
                                /** @description against the previous period */
                                change: ({
                                    score: number;
                                    rank: number;
                                    /** @enum {string} */
                                    color: "better" | "worse" | "same";
                                    previous: {
                                        score: number;
                                        rank: number;
                                        /**
                                         * @description the five colours of the map (五色图), best first
                                         * @enum {string}
                                         */
                                        color: "green" | "blue" | "yellow" | "orange" | "red";
                                    } & {
                                        [key: string]: unknown;
                                    };
                                } & {
                                    [key: string]: unknown;
                                }) | null;
                                flags: string[];
                            }[];
                        };
                    };
                };
                /** @description Error */
                400: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            /** @description stable English error code, e.g. case.invalid_transition */
                            code: string;
                            /** @description human message (zh-CN) */
                            message: string;
                            details: unknown;
                        };
                    };
                };
                /** @description Error */
                401: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            /** @description stable English error code, e.g. case.invalid_transition */
                            code: string;
                            /** @description human message (zh-CN) */
                            message: string;
                            details: unknown;
                        };
                    };
                };
                /** @description Error */
                403: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            /** @description stable English error code, e.g. case.invalid_transition */
                            code: string;
                            /** @description human message (zh-CN) */
                            message: string;
                            details: unknown;
                        };
                    };
                };
                /** @description Error */
                404: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            /** @description stable English error code, e.g. case.invalid_transition */
                            code: string;
                            /** @description human message (zh-CN) */
                            message: string;
                            details: unknown;
                        };
                    };
                };
                /** @description Error */
                409: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            /** @description stable English error code, e.g. case.invalid_transition */
                            code: string;
                            /** @description human message (zh-CN) */
                            message: string;
                            details: unknown;
                        };
                    };
                };
                /** @description Error */
                422: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            /** @description stable English error code, e.g. case.invalid_transition */
                            code: string;
                            /** @description human message (zh-CN) */
                            message: string;
                            details: unknown;
                        };
                    };
                };
            };
        };
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/index/runs/{id}/export.xlsx": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** The run as an Excel workbook: one sheet per level (indicators as columns, zh-CN headers) and the indicators explained */
        get: {
            parameters: {
                query?: never;
                header?: never;
                path: {
                    /** @description UUID */
                    id: string;
                };
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description The run (.xlsx) */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet": string;
                    };
                };
                /** @description Error */
                400: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            /** @description stable English error code, e.g. case.invalid_transition */
                            code: string;
                            /** @description human message (zh-CN) */
                            message: string;
                            details: unknown;
                        };
                    };
                };
                /** @description Error */
                401: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            /** @description stable English error code, e.g. case.invalid_transition */
                            code: string;
                            /** @description human message (zh-CN) */
                            message: string;
                            details: unknown;
                        };
                    };
                };
                /** @description Error */
                403: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            /** @description stable English error code, e.g. case.invalid_transition */
                            code: string;
                            /** @description human message (zh-CN) */
                            message: string;
                            details: unknown;
                        };
                    };
                };
                /** @description Error */
                404: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            /** @description stable English error code, e.g. case.invalid_transition */
                            code: string;
                            /** @description human message (zh-CN) */
                            message: string;
                            details: unknown;
                        };
                    };
                };
                /** @description Error */
                409: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            /** @description stable English error code, e.g. case.invalid_transition */
                            code: string;
                            /** @description human message (zh-CN) */
                            message: string;
                            details: unknown;
                        };
                    };
                };
                /** @description Error */
                422: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            /** @description stable English error code, e.g. case.invalid_transition */
                            code: string;
                            /** @description human message (zh-CN) */
                            message: string;
                            details: unknown;
                        };
                    };
                };
            };
        };
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/index/divisions/{code}/trend": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** A town's or village's score, rank and colour in the latest finished run of every period (oldest first) */
        get: {
            parameters: {
                query?: never;
                header?: never;
                path: {
                    code: string;
                };
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description The latest finished run of every period, oldest first */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            items: {
                                period: string;
                                /**
                                 * Format: uuid
                                 * @description UUID
                                 */
                                runId: string;
                                /** Format: date-time */
                                periodEnd: string;
                                definitionVersion: number;
                                score: number;
                                rank: number;
                                /**
                                 * @description the five colours of the map (五色图), best first
                                 * @enum {string}
                                 */
                                color: "green" | "blue" | "yellow" | "orange" | "red";
                            }[];
                        };
                    };
                };
                /** @description Error */
                400: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            /** @description stable English error code, e.g. case.invalid_transition */
                            code: string;
                            /** @description human message (zh-CN) */
                            message: string;
                            details: unknown;
                        };
                    };
                };
                /** @description Error */
                401: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            /** @description stable English error code, e.g. case.invalid_transition */
                            code: string;
                            /** @description human message (zh-CN) */
                            message: string;
                            details: unknown;
                        };
                    };
                };
                /** @description Error */
                403: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            /** @description stable English error code, e.g. case.invalid_transition */
                            code: string;
                            /** @description human message (zh-CN) */
                            message: string;
                            details: unknown;
                        };
                    };
                };
                /** @description Error */
                404: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            /** @description stable English error code, e.g. case.invalid_transition */
                            code: string;
                            /** @description human message (zh-CN) */
                            message: string;
                            details: unknown;
                        };
                    };
                };
                /** @description Error */
                409: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            /** @description stable English error code, e.g. case.invalid_transition */
                            code: string;
                            /** @description human message (zh-CN) */
                            message: string;
                            details: unknown;
                        };
                    };
                };
                /** @description Error */
                422: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            /** @description stable English error code, e.g. case.invalid_transition */
                            code: string;
                            /** @description human message (zh-CN) */
                            message: string;
                            details: unknown;
                        };
                    };
                };
            };
        };
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/index/runs/{id}/units/{code}": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** One town's or village's result with the definition it was graded by */
        get: {
            parameters: {
                query?: never;
                header?: never;
                path: {
                    /** @description UUID */
                    id: string;
                    /** @description division code */
                    code: string;
                };
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description The unit's result and the definition it was graded by */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            run: {
                                /**
                                 * Format: uuid
                                 * @description UUID
                                 */
                                id: string;
                                /** @description YYYY-MM or YYYY-Qn */
                                period: string;
                                /** Format: date-time */
                                periodStart: string;
                                /** Format: date-time */
                                periodEnd: string;
                                /** @enum {string} */
                                status: "queued" | "running" | "done" | "failed";
                                definitionVersion: number;
                                seed: number;
                                /** @description the overrides it was started with */
                                options: unknown;
                                /** Format: date-time */
                                requestedAt: string;
                                /** Format: date-time */
                                startedAt: string | null;
                                /** Format: date-time */
                                finishedAt: string | null;
                                error: string | null;
                                /** @description Set once the run is done */
                                summary: ({
                                    levels: {
                                        town: {
                                            units: number;
                                            colors: {
                                                [key: string]: number;
                                            };
                                            indicators: ({
                                                id: string;
                                                /** @enum {string} */
                                                status: "included" | "no_source" | "no_data_in_period" | "not_applicable" | "no_data";
                                                weight: number;
                                                missingUnits: number;
                                            } & {
                                                [key: string]: unknown;
                                            })[];
                                        } & {
                                            [key: string]: unknown;
                                        };
                                        village: {
                                            units: number;
                                            colors: {
                                                [key: string]: number;
                                            };
                                            indicators: ({
                                                id: string;
                                                /** @enum {string} */
                                                status: "included" | "no_source" | "no_data_in_period" | "not_applicable" | "no_data";
                                                weight: number;
                                                missingUnits: number;
                                            } & {
                                                [key: string]: unknown;
                                            })[];
                                        } & {
                                            [key: string]: unknown;
                                        };
                                    } & {
                                        [key: string]: unknown;
                                    };
                                    /** @description the period had not ended: computed as of the run */
                                    partial: boolean;
                                    previousPeriod: string;
                                    method: {
                                        normalisation: string;
                                        aggregation: string;
                                        draws: number;
                                        weightSpread: number;
                                    } & {
                                        [key: string]: unknown;
                                    };
                                    timingsMs: {
                                        total: number;
                                    } & {
                                        [key: string]: unknown;
                                    };
                                    flowWindowStart: string;
                                } & {
                                    [key: string]: unknown;
                                }) | null;
                                /** @description While the run is computed: the step it is at */
                                progress: ({
                                    step: number;
                                    steps: number;
                                    /** @enum {string} */
                                    name: "measures" | "previous" | "engine" | "saving";
                                } & {
                                    [key: string]: unknown;
                                }) | null;
                            };
                            /** @description The indicator definition: dimensions, indicators, goalposts, weights, red lines, grading, method */
                            definition: {
                                label: string;
                                weightTotal: number;
                                params: {
                                    flowWindowMonths: number;
                                    quickRemovalDays: number;
                                    redecisionDays: number;
                                } & {
                                    [key: string]: unknown;
                                };
                                dimensions: ({
                                    id: string;
                                    name: {
                                        zh: string;
                                        en: string;
                                    } & {
                                        [key: string]: unknown;
                                    };
                                } & {
                                    [key: string]: unknown;
                                })[];
                                indicators: ({
                                    id: string;
                                    name: {
                                        zh: string;
                                        en: string;
                                    } & {
                                        [key: string]: unknown;
                                    };
                                    dimension: string;
                                    /** @enum {string} */
                                    level: "town" | "village" | "both";
                                    formula: string;
                                    unit: string;
                                    /** @enum {string} */
                                    direction: "higher" | "lower";
                                    goalposts: {
                                        lower: number;
                                        upper: number;
                                    } & {
                                        [key: string]: unknown;
                                    };
                                    weight: number;
                                    /** @enum {string} */
                                    imputation?: "median" | "best" | "worst" | "exclude";
                                    meaning: string;
                                } & {
                                    [key: string]: unknown;
                                })[];
                                redLines: ({
                                    id: string;
                                    name: {
                                        zh: string;
                                        en: string;
                                    } & {
                                        [key: string]: unknown;
                                    };
                                    formula: string;
                                    /** @enum {string} */
                                    op: ">" | ">=" | "<" | "<=";
                                    threshold: number;
                                    /**
                                     * @description the five colours of the map (五色图), best first
                                     * @enum {string}
                                     */
                                    cap: "green" | "blue" | "yellow" | "orange" | "red";
                                    /** @enum {string} */
                                    level: "town" | "village" | "both";
                                } & {
                                    [key: string]: unknown;
                                })[];
                                grading: {
                                    /** @enum {string} */
                                    mode: "bands" | "quota";
                                    bands: {
                                        green: number;
                                        blue: number;
                                        yellow: number;
                                        orange: number;
                                    } & {
                                        [key: string]: unknown;
                                    };
                                    quota: {
                                        green: number;
                                        blue: number;
                                        yellow: number;
                                        orange: number;
                                        red: number;
                                    } & {
                                        [key: string]: unknown;
                                    };
                                } & {
                                    [key: string]: unknown;
                                };
                                method: {
                                    /** @enum {string} */
                                    normalisation: "goalposts" | "minmax" | "percentile";
                                    /** @enum {string} */
                                    aggregation: "arithmetic" | "geometric";
                                    monteCarlo: {
                                        draws: number;
                                        weightSpread: number;
                                        switchMethods: boolean;
                                    } & {
                                        [key: string]: unknown;
                                    };
                                } & {
                                    [key: string]: unknown;
                                };
                            } & {
                                [key: string]: unknown;
                            };
                            result: {
                                divisionCode: string;
                                name: string;
                                /** @enum {string} */
                                level: "town" | "village";
                                parentCode: string | null;
                                score: number;
                                rank: number;
                                rankInTown: number | null;
                                /**
                                 * @description the five colours of the map (五色图), best first
                                 * @enum {string}
                                 */
                                color: "green" | "blue" | "yellow" | "orange" | "red";
                                /**
                                 * @description the five colours of the map (五色图), best first
                                 * @enum {string}
                                 */
                                bandColor: "green" | "blue" | "yellow" | "orange" | "red";
                                redLines: ({
                                    id: string;
                                    /**
                                     * @description the five colours of the map (五色图), best first
                                     * @enum {string}
                                     */
                                    cap: "green" | "blue" | "yellow" | "orange" | "red";
                                    value: number;
                                } & {
                                    [key: string]: unknown;
                                })[];
                                dimensions: ({
                                    id: string;
                                    score: number | null;
                                    weight: number;
                                } & {
                                    [key: string]: unknown;
                                })[];
                                indicators: ({
                                    id: string;
                                    dimension: string;
                                    /** @enum {string} */
                                    status: "included" | "no_source" | "no_data_in_period" | "not_applicable" | "no_data";
                                    raw: number | null;
                                    /** @enum {string|null} */
                                    missing: "zero_denominator" | "missing_measure" | null;
                                    imputed: number | null;
                                    normalised: number | null;
                                    weight: number;
                                    contribution: number;
                                    pointsLost: number;
                                } & {
                                    [key: string]: unknown;
                                })[];
                                /** @description Monte Carlo rank interval */
                                rankInterval: ({
                                    p5: number;
                                    median: number;
                                    p95: number;
                                } & {
                                    [key: string]: unknown;
                                }) | null;
                                colorProbabilities: ({
                                    green: number;
                                    blue: number;
                                    yellow: number;
                                    orange: number;
                                    red: number;
                                } & {
                                    [key: string]: unknown;
                                }) | null;
                                /** @description against the previous period */
                                change: ({
                                    score: number;
                                    rank: number;
                                    /** @enum {string} */
                                    color: "better" | "worse" | "same";
                                    previous: {
                                        score: number;
                                        rank: number;
                                        /**
                                         * @description the five colours of the map (五色图), best first
                                         * @enum {string}
                                         */
                                        color: "green" | "blue" | "yellow" | "orange" | "red";
                                    } & {
                                        [key: string]: unknown;
                                    };
                                } & {
                                    [key: string]: unknown;
                                }) | null;
                                flags: string[];
                            };
                        };
                    };
                };
                /** @description Error */
                400: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            /** @description stable English error code, e.g. case.invalid_transition */
                            code: string;
                            /** @description human message (zh-CN) */
                            message: string;
                            details: unknown;
                        };
                    };
                };
                /** @description Error */
                401: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            /** @description stable English error code, e.g. case.invalid_transition */
                            code: string;
                            /** @description human message (zh-CN) */
                            message: string;
                            details: unknown;
                        };
                    };
                };
                /** @description Error */
                403: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            /** @description stable English error code, e.g. case.invalid_transition */
                            code: string;
                            /** @description human message (zh-CN) */
                            message: string;
                            details: unknown;
                        };
                    };
                };
                /** @description Error */
                404: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            /** @description stable English error code, e.g. case.invalid_transition */
                            code: string;
                            /** @description human message (zh-CN) */
                            message: string;
                            details: unknown;
                        };
                    };
                };
                /** @description Error */
                409: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            /** @description stable English error code, e.g. case.invalid_transition */
                            code: string;
                            /** @description human message (zh-CN) */
                            message: string;
                            details: unknown;
                        };
                    };
                };
                /** @description Error */
                422: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            /** @description stable English error code, e.g. case.invalid_transition */
                            code: string;
                            /** @description human message (zh-CN) */
                            message: string;
                            details: unknown;
                        };
                    };
                };
            };
        };
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/calendar": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** The official calendar of a year: public holidays and make-up working days (调休) */
        get: {
            parameters: {
                query: {
                    year: number;
                };
                header?: never;
                path?: never;
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description The holidays and make-up working days of the year */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            year: number;
                            days: {
                                /** @description YYYY-MM-DD */
                                day: string;
                                /**
                                 * @description holiday 法定节假日 / workday 调休上班
                                 * @enum {string}
                                 */
                                kind: "holiday" | "workday";
                                name: string;
                            }[];
                        };
                    };
                };
                /** @description Error */
                400: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            /** @description stable English error code, e.g. case.invalid_transition */
                            code: string;
                            /** @description human message (zh-CN) */
                            message: string;
                            details: unknown;
                        };
                    };
                };
                /** @description Error */
                401: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            /** @description stable English error code, e.g. case.invalid_transition */
                            code: string;
                            /** @description human message (zh-CN) */
                            message: string;
                            details: unknown;
                        };
                    };
                };
                /** @description Error */
                403: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            /** @description stable English error code, e.g. case.invalid_transition */
                            code: string;
                            /** @description human message (zh-CN) */
                            message: string;
                            details: unknown;
                        };
                    };
                };
                /** @description Error */
                404: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            /** @description stable English error code, e.g. case.invalid_transition */
                            code: string;
                            /** @description human message (zh-CN) */
                            message: string;
                            details: unknown;
                        };
                    };
                };
                /** @description Error */
                409: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            /** @description stable English error code, e.g. case.invalid_transition */
                            code: string;
                            /** @description human message (zh-CN) */
                            message: string;
                            details: unknown;
                        };
                    };
                };
                /** @description Error */
                422: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            /** @description stable English error code, e.g. case.invalid_transition */
                            code: string;
                            /** @description human message (zh-CN) */
                            message: string;
                            details: unknown;
                        };
                    };
                };
            };
        };
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/calendar/days/{day}": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        /** Set one day (admin): `holiday`, or `workday` for a weekend day that is worked (调休上班) */
        put: {
            parameters: {
                query?: never;
                header?: never;
                path: {
                    /** @description YYYY-MM-DD (China calendar day) */
                    day: string;
                };
                cookie?: never;
            };
            requestBody: {
                content: {
                    "application/json": {
                        kind: "holiday" | "workday";
                        name: string;
                    };
                };
            };
            responses: {
                /** @description A day of the official calendar */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            /** @description YYYY-MM-DD */
                            day: string;
                            /**
                             * @description holiday 法定节假日 / workday 调休上班
                             * @enum {string}
                             */
                            kind: "holiday" | "workday";
                            name: string;
                        };
                    };
                };
                /** @description Error */
                400: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            /** @description stable English error code, e.g. case.invalid_transition */
                            code: string;
                            /** @description human message (zh-CN) */
                            message: string;
                            details: unknown;
                        };
                    };
                };
                /** @description Error */
                401: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            /** @description stable English error code, e.g. case.invalid_transition */
                            code: string;
                            /** @description human message (zh-CN) */
                            message: string;
                            details: unknown;
                        };
                    };
                };
                /** @description Error */
                403: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            /** @description stable English error code, e.g. case.invalid_transition */
                            code: string;
                            /** @description human message (zh-CN) */
                            message: string;
                            details: unknown;
                        };
                    };
                };
                /** @description Error */
                404: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            /** @description stable English error code, e.g. case.invalid_transition */
                            code: string;
                            /** @description human message (zh-CN) */
                            message: string;
                            details: unknown;
                        };
                    };
                };
                /** @description Error */
                409: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            /** @description stable English error code, e.g. case.invalid_transition */
                            code: string;
                            /** @description human message (zh-CN) */
                            message: string;
                            details: unknown;
                        };
                    };
                };
                /** @description Error */
                422: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            /** @description stable English error code, e.g. case.invalid_transition */
                            code: string;
                            /** @description human message (zh-CN) */
                            message: string;
                            details: unknown;
                        };
                    };
                };
            };
        };
        post?: never;
        /** Clear one day back to an ordinary weekday/weekend (admin) */
        delete: {
            parameters: {
                query?: never;
                header?: never;
                path: {
                    /** @description YYYY-MM-DD (China calendar day) */
                    day: string;
                };
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description The day is ordinary again */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            day: string;
                            /** @enum {boolean} */
                            cleared: true;
                        };
                    };
                };
                /** @description Error */
                400: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            /** @description stable English error code, e.g. case.invalid_transition */
                            code: string;
                            /** @description human message (zh-CN) */
                            message: string;
                            details: unknown;
                        };
                    };
                };
                /** @description Error */
                401: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            /** @description stable English error code, e.g. case.invalid_transition */
                            code: string;
                            /** @description human message (zh-CN) */
                            message: string;
                            details: unknown;
                        };
                    };
                };
                /** @description Error */
                403: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            /** @description stable English error code, e.g. case.invalid_transition */
                            code: string;
                            /** @description human message (zh-CN) */
                            message: string;
                            details: unknown;
                        };
                    };
                };
                /** @description Error */
                404: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            /** @description stable English error code, e.g. case.invalid_transition */
                            code: string;
                            /** @description human message (zh-CN) */
                            message: string;
                            details: unknown;
                        };
                    };
                };
                /** @description Error */
                409: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            /** @description stable English error code, e.g. case.invalid_transition */
                            code: string;
                            /** @description human message (zh-CN) */
                            message: string;
                            details: unknown;
                        };
                    };
                };
                /** @description Error */
                422: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            /** @description stable English error code, e.g. case.invalid_transition */
                            code: string;
                            /** @description human message (zh-CN) */
                            message: string;
                            details: unknown;
                        };
                    };
                };
            };
        };
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/calendar/official": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** The State Council holiday arrangements this release carries, and how far the calendar holds them (admin) */
        get: {
            parameters: {
                query?: never;
                header?: never;
                path?: never;
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description The arrangements this release carries */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            items: {
                                year: number;
                                /** @description the State Council notice */
                                source: string;
                                /** @description YYYY-MM-DD */
                                published: string;
                                /** @description days the notice sets */
                                days: number;
                                /** @description of those, how many the calendar holds as the notice says */
                                matching: number;
                            }[];
                        };
                    };
                };
                /** @description Error */
                400: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            /** @description stable English error code, e.g. case.invalid_transition */
                            code: string;
                            /** @description human message (zh-CN) */
                            message: string;
                            details: unknown;
                        };
                    };
                };
                /** @description Error */
                401: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            /** @description stable English error code, e.g. case.invalid_transition */
                            code: string;
                            /** @description human message (zh-CN) */
                            message: string;
                            details: unknown;
                        };
                    };
                };
                /** @description Error */
                403: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            /** @description stable English error code, e.g. case.invalid_transition */
                            code: string;
                            /** @description human message (zh-CN) */
                            message: string;
                            details: unknown;
                        };
                    };
                };
                /** @description Error */
                404: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            /** @description stable English error code, e.g. case.invalid_transition */
                            code: string;
                            /** @description human message (zh-CN) */
                            message: string;
                            details: unknown;
                        };
                    };
                };
                /** @description Error */
                409: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            /** @description stable English error code, e.g. case.invalid_transition */
                            code: string;
                            /** @description human message (zh-CN) */
                            message: string;
                            details: unknown;
                        };
                    };
                };
                /** @description Error */
                422: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            /** @description stable English error code, e.g. case.invalid_transition */
                            code: string;
                            /** @description human message (zh-CN) */
                            message: string;
                            details: unknown;
                        };
                    };
                };
            };
        };
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/calendar/official/{year}": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /** Set every day of a year’s State Council arrangement (admin; one audit record naming the notice) */
        post: {
            parameters: {
                query?: never;
                header?: never;
                path: {
                    year: number;
                };
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description A State Council holiday arrangement this release carries */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            year: number;
                            /** @description the State Council notice */
                            source: string;
                            /** @description YYYY-MM-DD */
                            published: string;
                            /** @description days the notice sets */
                            days: number;
                            /** @description of those, how many the calendar holds as the notice says */
                            matching: number;
                        };
                    };
                };
                /** @description Error */
                400: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            /** @description stable English error code, e.g. case.invalid_transition */
                            code: string;
                            /** @description human message (zh-CN) */
                            message: string;
                            details: unknown;
                        };
                    };
                };
                /** @description Error */
                401: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            /** @description stable English error code, e.g. case.invalid_transition */
                            code: string;
                            /** @description human message (zh-CN) */
                            message: string;
                            details: unknown;
                        };
                    };
                };
                /** @description Error */
                403: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            /** @description stable English error code, e.g. case.invalid_transition */
                            code: string;
                            /** @description human message (zh-CN) */
                            message: string;
                            details: unknown;
                        };
                    };
                };
                /** @description Error */
                404: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            /** @description stable English error code, e.g. case.invalid_transition */
                            code: string;
                            /** @description human message (zh-CN) */
                            message: string;
                            details: unknown;
                        };
                    };
                };
                /** @description Error */
                409: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            /** @description stable English error code, e.g. case.invalid_transition */
                            code: string;
                            /** @description human message (zh-CN) */
                            message: string;
                            details: unknown;
                        };
                    };
                };
                /** @description Error */
                422: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            /** @description stable English error code, e.g. case.invalid_transition */
                            code: string;
                            /** @description human message (zh-CN) */
                            message: string;
                            details: unknown;
                        };
                    };
                };
            };
        };
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/settings/deadlines": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** Step deadlines in working days, the notice reply time and the escalation rule */
        get: {
            parameters: {
                query?: never;
                header?: never;
                path?: never;
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description Step deadlines in working days, the notice reply time and the escalation rule */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            verifyDays: number;
                            classifyDays: number;
                            rectifyDays: {
                                demolish: number;
                                remedy: number;
                            };
                            reviewDays: number;
                            noticeReplyDays: number;
                            escalateAfterNotices: number;
                        };
                    };
                };
                /** @description Error */
                400: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            /** @description stable English error code, e.g. case.invalid_transition */
                            code: string;
                            /** @description human message (zh-CN) */
                            message: string;
                            details: unknown;
                        };
                    };
                };
                /** @description Error */
                401: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            /** @description stable English error code, e.g. case.invalid_transition */
                            code: string;
                            /** @description human message (zh-CN) */
                            message: string;
                            details: unknown;
                        };
                    };
                };
                /** @description Error */
                403: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            /** @description stable English error code, e.g. case.invalid_transition */
                            code: string;
                            /** @description human message (zh-CN) */
                            message: string;
                            details: unknown;
                        };
                    };
                };
                /** @description Error */
                404: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            /** @description stable English error code, e.g. case.invalid_transition */
                            code: string;
                            /** @description human message (zh-CN) */
                            message: string;
                            details: unknown;
                        };
                    };
                };
                /** @description Error */
                409: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            /** @description stable English error code, e.g. case.invalid_transition */
                            code: string;
                            /** @description human message (zh-CN) */
                            message: string;
                            details: unknown;
                        };
                    };
                };
                /** @description Error */
                422: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            /** @description stable English error code, e.g. case.invalid_transition */
                            code: string;
                            /** @description human message (zh-CN) */
                            message: string;
                            details: unknown;
                        };
                    };
                };
            };
        };
        /** Change the deadline policy (admin) */
        put: {
            parameters: {
                query?: never;
                header?: never;
                path?: never;
                cookie?: never;
            };
            requestBody: {
                content: {
                    "application/json": {
                        /** @description working days */
                        verifyDays: number;
                        /** @description working days */
                        classifyDays: number;
                        rectifyDays: {
                            /** @description working days */
                            demolish: number;
                            /** @description working days */
                            remedy: number;
                        };
                        /** @description working days */
                        reviewDays: number;
                        /** @description working days */
                        noticeReplyDays: number;
                        escalateAfterNotices: number;
                    };
                };
            };
            responses: {
                /** @description Step deadlines in working days, the notice reply time and the escalation rule */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            verifyDays: number;
                            classifyDays: number;
                            rectifyDays: {
                                demolish: number;
                                remedy: number;
                            };
                            reviewDays: number;
                            noticeReplyDays: number;
                            escalateAfterNotices: number;
                        };
                    };
                };
                /** @description Error */
                400: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            /** @description stable English error code, e.g. case.invalid_transition */
                            code: string;
                            /** @description human message (zh-CN) */
                            message: string;
                            details: unknown;
                        };
                    };
                };
                /** @description Error */
                401: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            /** @description stable English error code, e.g. case.invalid_transition */
                            code: string;
                            /** @description human message (zh-CN) */
                            message: string;
                            details: unknown;
                        };
                    };
                };
                /** @description Error */
                403: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            /** @description stable English error code, e.g. case.invalid_transition */
                            code: string;
                            /** @description human message (zh-CN) */
                            message: string;
                            details: unknown;
                        };
                    };
                };
                /** @description Error */
                404: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            /** @description stable English error code, e.g. case.invalid_transition */
                            code: string;
                            /** @description human message (zh-CN) */
                            message: string;
                            details: unknown;
                        };
                    };
                };
                /** @description Error */
                409: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            /** @description stable English error code, e.g. case.invalid_transition */
                            code: string;
                            /** @description human message (zh-CN) */
                            message: string;
                            details: unknown;
                        };
                    };
                };
                /** @description Error */
                422: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            /** @description stable English error code, e.g. case.invalid_transition */
                            code: string;
                            /** @description human message (zh-CN) */
                            message: string;
                            details: unknown;
                        };
                    };
                };
            };
        };
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/settings/disposal-rules": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** The disposal rule set in force (version 0: the built-in defaults), the defaults and the facts a rule may test */
        get: {
            parameters: {
                query?: never;
                header?: never;
                path?: never;
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description The disposal rule set in force */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            /** @description 0: the built-in defaults */
                            version: number;
                            rules: {
                                id: string;
                                priority: number;
                                /** @enum {string} */
                                suggest: "demolish" | "remedy" | "defer";
                                reason: string;
                                /** @description facts and the values they must have; areaAtLeast / areaBelow in m² */
                                when: {
                                    [key: string]: unknown;
                                };
                            }[];
                            /** Format: date-time */
                            updatedAt: string | null;
                            updatedBy: string | null;
                            isDefault: boolean;
                            defaults: {
                                id: string;
                                priority: number;
                                /** @enum {string} */
                                suggest: "demolish" | "remedy" | "defer";
                                reason: string;
                                /** @description facts and the values they must have; areaAtLeast / areaBelow in m² */
                                when: {
                                    [key: string]: unknown;
                                };
                            }[];
                            /** @description the facts a rule may test, with their allowed values */
                            facts: {
                                [key: string]: {
                                    label: string;
                                    values: unknown[];
                                };
                            };
                        };
                    };
                };
                /** @description Error */
                400: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            /** @description stable English error code, e.g. case.invalid_transition */
                            code: string;
                            /** @description human message (zh-CN) */
                            message: string;
                            details: unknown;
                        };
                    };
                };
                /** @description Error */
                401: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            /** @description stable English error code, e.g. case.invalid_transition */
                            code: string;
                            /** @description human message (zh-CN) */
                            message: string;
                            details: unknown;
                        };
                    };
                };
                /** @description Error */
                403: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            /** @description stable English error code, e.g. case.invalid_transition */
                            code: string;
                            /** @description human message (zh-CN) */
                            message: string;
                            details: unknown;
                        };
                    };
                };
                /** @description Error */
                404: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            /** @description stable English error code, e.g. case.invalid_transition */
                            code: string;
                            /** @description human message (zh-CN) */
                            message: string;
                            details: unknown;
                        };
                    };
                };
                /** @description Error */
                409: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            /** @description stable English error code, e.g. case.invalid_transition */
                            code: string;
                            /** @description human message (zh-CN) */
                            message: string;
                            details: unknown;
                        };
                    };
                };
                /** @description Error */
                422: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            /** @description stable English error code, e.g. case.invalid_transition */
                            code: string;
                            /** @description human message (zh-CN) */
                            message: string;
                            details: unknown;
                        };
                    };
                };
            };
        };
        /**
         * Replace the disposal rule set (admin), from the version you saw
         * @description Checked as a whole: 422 `settings.invalid_rules` lists every problem in zh-CN (`details.reasons`, and `details.problems` each with its rule index, part and condition key); 409 `settings.version_conflict` when someone saved meanwhile. Each change is the next version and one audit record with the set before and after.
         */
        put: {
            parameters: {
                query?: never;
                header?: never;
                path?: never;
                cookie?: never;
            };
            requestBody: {
                content: {
                    "application/json": {
                        version: number;
                        rules: ({
                            /** @description lowercase letters, digits, hyphens */
                            id: string;
                            /** @description 0–1000; the highest matching rule decides the class */
                            priority: number;
                            /** @description demolish | remedy | defer */
                            suggest: string;
                            /** @description shown to the officer */
                            reason: string;
                            /** @description every condition must hold; a fact (ownerKind, onBasicFarmland, onCultivatedLand, safetyRisk, landType, use, structure, origin) with a value or a list of values ("one of"), or areaAtLeast / areaBelow in m², floorsAtLeast / floorsBelow */
                            when: {
                                [key: string]: unknown;
                            };
                        } & {
                            [key: string]: unknown;
                        })[];
                    };
                };
            };
            responses: {
                /** @description The disposal rule set in force */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            /** @description 0: the built-in defaults */
                            version: number;
                            rules: {
                                id: string;
                                priority: number;
                                /** @enum {string} */
                                suggest: "demolish" | "remedy" | "defer";
                                reason: string;
                                /** @description facts and the values they must have; areaAtLeast / areaBelow in m² */
                                when: {
                                    [key: string]: unknown;
                                };
                            }[];
                            /** Format: date-time */
                            updatedAt: string | null;
                            updatedBy: string | null;
                            isDefault: boolean;
                            defaults: {
                                id: string;
                                priority: number;
                                /** @enum {string} */
                                suggest: "demolish" | "remedy" | "defer";
                                reason: string;
                                /** @description facts and the values they must have; areaAtLeast / areaBelow in m² */
                                when: {
                                    [key: string]: unknown;
                                };
                            }[];
                            /** @description the facts a rule may test, with their allowed values */
                            facts: {
                                [key: string]: {
                                    label: string;
                                    values: unknown[];
                                };
                            };
                        };
                    };
                };
                /** @description Error */
                400: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            /** @description stable English error code, e.g. case.invalid_transition */
                            code: string;
                            /** @description human message (zh-CN) */
                            message: string;
                            details: unknown;
                        };
                    };
                };
                /** @description Error */
                401: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            /** @description stable English error code, e.g. case.invalid_transition */
                            code: string;
                            /** @description human message (zh-CN) */
                            message: string;
                            details: unknown;
                        };
                    };
                };
                /** @description Error */
                403: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            /** @description stable English error code, e.g. case.invalid_transition */
                            code: string;
                            /** @description human message (zh-CN) */
                            message: string;
                            details: unknown;
                        };
                    };
                };
                /** @description Error */
                404: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            /** @description stable English error code, e.g. case.invalid_transition */
                            code: string;
                            /** @description human message (zh-CN) */
                            message: string;
                            details: unknown;
                        };
                    };
                };
                /** @description Error */
                409: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            /** @description stable English error code, e.g. case.invalid_transition */
                            code: string;
                            /** @description human message (zh-CN) */
                            message: string;
                            details: unknown;
                        };
                    };
                };
                /** @description Error */
                422: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            /** @description stable English error code, e.g. case.invalid_transition */
                            code: string;
                            /** @description human message (zh-CN) */
                            message: string;
                            details: unknown;
                        };
                    };
                };
            };
        };
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/settings/disposal-rules/trial": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /**
         * Try a rule set on facts (admin, 试算): the rules that match, strongest first, and the class they suggest
         * @description Without `rules` the set in force is tried; a draft set is checked as PUT checks it (422 `settings.invalid_rules`). Nothing is stored.
         */
        post: {
            parameters: {
                query?: never;
                header?: never;
                path?: never;
                cookie?: never;
            };
            requestBody: {
                content: {
                    "application/json": {
                        rules?: ({
                            /** @description lowercase letters, digits, hyphens */
                            id: string;
                            /** @description 0–1000; the highest matching rule decides the class */
                            priority: number;
                            /** @description demolish | remedy | defer */
                            suggest: string;
                            /** @description shown to the officer */
                            reason: string;
                            /** @description every condition must hold; a fact (ownerKind, onBasicFarmland, onCultivatedLand, safetyRisk, landType, use, structure, origin) with a value or a list of values ("one of"), or areaAtLeast / areaBelow in m², floorsAtLeast / floorsBelow */
                            when: {
                                [key: string]: unknown;
                            };
                        } & {
                            [key: string]: unknown;
                        })[];
                        facts: {
                            areaM2?: number | null;
                            floors?: number | null;
                            /** @enum {string|null} */
                            structure?: "brick_concrete" | "frame" | "steel" | "simple" | "wood" | "other" | null;
                            /** @enum {string|null} */
                            use?: "residential" | "production" | "storage" | "commercial" | "livestock" | "other" | null;
                            /** @enum {string|null} */
                            landType?: "construction" | "agricultural" | "cultivated" | "basic_farmland" | "unused" | "other" | null;
                            onBasicFarmland?: boolean;
                            onCultivatedLand?: boolean;
                            /** @enum {string} */
                            safetyRisk?: "low" | "medium" | "high";
                            /** @enum {string|null} */
                            ownerKind?: "individual" | "enterprise" | "collective" | null;
                            /** @enum {string} */
                            origin?: "stock" | "new";
                        };
                    };
                };
            };
            responses: {
                /** @description What the rule set suggests for the facts tried */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            /** @enum {string|null} */
                            disposalClass: "demolish" | "remedy" | "defer" | null;
                            /** @description the matching rules, strongest first */
                            matches: {
                                /** @description the place of the rule in the set tried, from 0 */
                                rule: number;
                                /** @enum {string} */
                                suggest: "demolish" | "remedy" | "defer";
                                reason: string;
                            }[];
                        };
                    };
                };
                /** @description Error */
                400: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            /** @description stable English error code, e.g. case.invalid_transition */
                            code: string;
                            /** @description human message (zh-CN) */
                            message: string;
                            details: unknown;
                        };
                    };
                };
                /** @description Error */
                401: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            /** @description stable English error code, e.g. case.invalid_transition */
                            code: string;
                            /** @description human message (zh-CN) */
                            message: string;
                            details: unknown;
                        };
                    };
                };
                /** @description Error */
                403: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            /** @description stable English error code, e.g. case.invalid_transition */
                            code: string;
                            /** @description human message (zh-CN) */
                            message: string;
                            details: unknown;
                        };
                    };
                };
                /** @description Error */
                404: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            /** @description stable English error code, e.g. case.invalid_transition */
                            code: string;
                            /** @description human message (zh-CN) */
                            message: string;
                            details: unknown;
                        };
                    };
                };
                /** @description Error */
                409: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            /** @description stable English error code, e.g. case.invalid_transition */
                            code: string;
                            /** @description human message (zh-CN) */
                            message: string;
                            details: unknown;
                        };
                    };
                };
                /** @description Error */
                422: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            /** @description stable English error code, e.g. case.invalid_transition */
                            code: string;
                            /** @description human message (zh-CN) */
                            message: string;
                            details: unknown;
                        };
                    };
                };
            };
        };
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/settings/disposal-rules/history": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** Earlier versions of the rule set, from the audit log (admin) */
        get: {
            parameters: {
                query?: never;
                header?: never;
                path?: never;
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description Earlier versions, newest first */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            items: {
                                /** Format: date-time */
                                at: string;
                                by: string | null;
                                /** @description the set before (audit record) */
                                before: unknown;
                                /** @description the set after */
                                after: unknown;
                            }[];
                        };
                    };
                };
                /** @description Error */
                400: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            /** @description stable English error code, e.g. case.invalid_transition */
                            code: string;
                            /** @description human message (zh-CN) */
                            message: string;
                            details: unknown;
                        };
                    };
                };
                /** @description Error */
                401: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            /** @description stable English error code, e.g. case.invalid_transition */
                            code: string;
                            /** @description human message (zh-CN) */
                            message: string;
                            details: unknown;
                        };
                    };
                };
                /** @description Error */
                403: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            /** @description stable English error code, e.g. case.invalid_transition */
                            code: string;
                            /** @description human message (zh-CN) */
                            message: string;
                            details: unknown;
                        };
                    };
                };
                /** @description Error */
                404: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            /** @description stable English error code, e.g. case.invalid_transition */
                            code: string;
                            /** @description human message (zh-CN) */
                            message: string;
                            details: unknown;
                        };
                    };
                };
                /** @description Error */
                409: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            /** @description stable English error code, e.g. case.invalid_transition */
                            code: string;
                            /** @description human message (zh-CN) */
                            message: string;
                            details: unknown;
                        };
                    };
                };
                /** @description Error */
                422: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            /** @description stable English error code, e.g. case.invalid_transition */
                            code: string;
                            /** @description human message (zh-CN) */
                            message: string;
                            details: unknown;
                        };
                    };
                };
            };
        };
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/notices": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** Supervision notices (督办单) in your jurisdiction */
        get: {
            parameters: {
                query?: {
                    /** @description open, replied, escalated (comma-separated) */
                    status?: string;
                    level?: "town" | "city";
                    caseId?: string;
                };
                header?: never;
                path?: never;
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description Supervision notices */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            items: {
                                /**
                                 * Format: uuid
                                 * @description UUID
                                 */
                                id: string;
                                noticeNo: string;
                                /**
                                 * Format: uuid
                                 * @description UUID
                                 */
                                caseId: string;
                                caseNo?: string;
                                /** @enum {string} */
                                caseStatus?: "reported" | "verified" | "rejected" | "classified" | "rectifying" | "closing_requested" | "closed";
                                townCode: string;
                                townName?: string;
                                /** @enum {string} */
                                level: "town" | "city";
                                /** @description the step whose deadline was missed */
                                step: string;
                                reason: string;
                                /** @description YYYY-MM-DD */
                                deadlineMissed: string;
                                /** Format: date-time */
                                issuedAt: string;
                                /** @description YYYY-MM-DD */
                                replyDue: string;
                                /** @enum {string} */
                                status: "open" | "replied" | "escalated";
                                replyText: string | null;
                                /** Format: date-time */
                                repliedAt: string | null;
                                /** Format: date-time */
                                escalatedAt: string | null;
                            }[];
                        };
                    };
                };
                /** @description Error */
                400: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            /** @description stable English error code, e.g. case.invalid_transition */
                            code: string;
                            /** @description human message (zh-CN) */
                            message: string;
                            details: unknown;
                        };
                    };
                };
                /** @description Error */
                401: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            /** @description stable English error code, e.g. case.invalid_transition */
                            code: string;
                            /** @description human message (zh-CN) */
                            message: string;
                            details: unknown;
                        };
                    };
                };
                /** @description Error */
                403: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            /** @description stable English error code, e.g. case.invalid_transition */
                            code: string;
                            /** @description human message (zh-CN) */
                            message: string;
                            details: unknown;
                        };
                    };
                };
                /** @description Error */
                404: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            /** @description stable English error code, e.g. case.invalid_transition */
                            code: string;
                            /** @description human message (zh-CN) */
                            message: string;
                            details: unknown;
                        };
                    };
                };
                /** @description Error */
                409: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            /** @description stable English error code, e.g. case.invalid_transition */
                            code: string;
                            /** @description human message (zh-CN) */
                            message: string;
                            details: unknown;
                        };
                    };
                };
                /** @description Error */
                422: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            /** @description stable English error code, e.g. case.invalid_transition */
                            code: string;
                            /** @description human message (zh-CN) */
                            message: string;
                            details: unknown;
                        };
                    };
                };
            };
        };
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/notices/{id}/reply": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /** The town's reply to a notice */
        post: {
            parameters: {
                query?: never;
                header?: never;
                path: {
                    /** @description UUID */
                    id: string;
                };
                cookie?: never;
            };
            requestBody: {
                content: {
                    "application/json": {
                        text: string;
                    };
                };
            };
            responses: {
                /** @description The notice, replied */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            /**
                             * Format: uuid
                             * @description UUID
                             */
                            id: string;
                            noticeNo: string;
                            /**
                             * Format: uuid
                             * @description UUID
                             */
                            caseId: string;
                            caseNo?: string;
                            /** @enum {string} */
                            caseStatus?: "reported" | "verified" | "rejected" | "classified" | "rectifying" | "closing_requested" | "closed";
                            townCode: string;
                            townName?: string;
                            /** @enum {string} */
                            level: "town" | "city";
                            /** @description the step whose deadline was missed */
                            step: string;
                            reason: string;
                            /** @description YYYY-MM-DD */
                            deadlineMissed: string;
                            /** Format: date-time */
                            issuedAt: string;
                            /** @description YYYY-MM-DD */
                            replyDue: string;
                            /** @enum {string} */
                            status: "open" | "replied" | "escalated";
                            replyText: string | null;
                            /** Format: date-time */
                            repliedAt: string | null;
                            /** Format: date-time */
                            escalatedAt: string | null;
                        };
                    };
                };
                /** @description Error */
                400: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            /** @description stable English error code, e.g. case.invalid_transition */
                            code: string;
                            /** @description human message (zh-CN) */
                            message: string;
                            details: unknown;
                        };
                    };
                };
                /** @description Error */
                401: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            /** @description stable English error code, e.g. case.invalid_transition */
                            code: string;
                            /** @description human message (zh-CN) */
                            message: string;
                            details: unknown;
                        };
                    };
                };
                /** @description Error */
                403: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            /** @description stable English error code, e.g. case.invalid_transition */
                            code: string;
                            /** @description human message (zh-CN) */
                            message: string;
                            details: unknown;
                        };
                    };
                };
                /** @description Error */
                404: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            /** @description stable English error code, e.g. case.invalid_transition */
                            code: string;
                            /** @description human message (zh-CN) */
                            message: string;
                            details: unknown;
                        };
                    };
                };
                /** @description Error */
                409: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            /** @description stable English error code, e.g. case.invalid_transition */
                            code: string;
                            /** @description human message (zh-CN) */
                            message: string;
                            details: unknown;
                        };
                    };
                };
                /** @description Error */
                422: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            /** @description stable English error code, e.g. case.invalid_transition */
                            code: string;
                            /** @description human message (zh-CN) */
                            message: string;
                            details: unknown;
                        };
                    };
                };
            };
        };
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/cases/{id}/tasks": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /** Assign a task on a case to a department; closing waits for every task */
        post: {
            parameters: {
                query?: never;
                header?: never;
                path: {
                    /** @description UUID */
                    id: string;
                };
                cookie?: never;
            };
            requestBody: {
                content: {
                    "application/json": {
                        department: string;
                        title: string;
                        /** @description YYYY-MM-DD (China calendar day) */
                        deadline: string;
                    };
                };
            };
            responses: {
                /** @description The task */
                201: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            /**
                             * Format: uuid
                             * @description UUID
                             */
                            id: string;
                            /**
                             * Format: uuid
                             * @description UUID
                             */
                            caseId: string;
                            department: string;
                            title: string;
                            /** @description YYYY-MM-DD (China day) */
                            deadline: string;
                            /** @enum {string} */
                            status: "open" | "done";
                            result: string | null;
                            /** Format: date-time */
                            createdAt: string;
                            /** Format: date-time */
                            doneAt: string | null;
                            photos: {
                                /**
                                 * Format: uuid
                                 * @description UUID
                                 */
                                id: string;
                                /**
                                 * @description before 整改前 / during 整改中 / after 整改后
                                 * @enum {string}
                                 */
                                stage: "before" | "during" | "after";
                                /** Format: date-time */
                                capturedAt: string | null;
                                /** Format: date-time */
                                uploadedAt: string;
                                evidenceFlags: string[];
                                urls: {
                                    original: string;
                                    /** @description ≤1280 px, watermarked */
                                    display: string;
                                    /** @description ≤256 px */
                                    thumbnail: string;
                                };
                            }[];
                        };
                    };
                };
                /** @description Error */
                400: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            /** @description stable English error code, e.g. case.invalid_transition */
                            code: string;
                            /** @description human message (zh-CN) */
                            message: string;
                            details: unknown;
                        };
                    };
                };
                /** @description Error */
                401: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            /** @description stable English error code, e.g. case.invalid_transition */
                            code: string;
                            /** @description human message (zh-CN) */
                            message: string;
                            details: unknown;
                        };
                    };
                };
                /** @description Error */
                403: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            /** @description stable English error code, e.g. case.invalid_transition */
                            code: string;
                            /** @description human message (zh-CN) */
                            message: string;
                            details: unknown;
                        };
                    };
                };
                /** @description Error */
                404: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            /** @description stable English error code, e.g. case.invalid_transition */
                            code: string;
                            /** @description human message (zh-CN) */
                            message: string;
                            details: unknown;
                        };
                    };
                };
                /** @description Error */
                409: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            /** @description stable English error code, e.g. case.invalid_transition */
                            code: string;
                            /** @description human message (zh-CN) */
                            message: string;
                            details: unknown;
                        };
                    };
                };
                /** @description Error */
                422: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            /** @description stable English error code, e.g. case.invalid_transition */
                            code: string;
                            /** @description human message (zh-CN) */
                            message: string;
                            details: unknown;
                        };
                    };
                };
            };
        };
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/assignees": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** Who cases can be assigned to (bulk assign): inspectors and town officers in your area, and the departments (offices only) */
        get: {
            parameters: {
                query?: never;
                header?: never;
                path?: never;
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description Who cases can be assigned to */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            people: {
                                /**
                                 * Format: uuid
                                 * @description UUID
                                 */
                                id: string;
                                displayName: string;
                                /** @enum {string} */
                                role: "inspector" | "town_officer" | "city_office" | "department" | "supervisor" | "admin";
                                divisionName: string;
                            }[];
                            departments: string[];
                        };
                    };
                };
                /** @description Error */
                400: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            /** @description stable English error code, e.g. case.invalid_transition */
                            code: string;
                            /** @description human message (zh-CN) */
                            message: string;
                            details: unknown;
                        };
                    };
                };
                /** @description Error */
                401: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            /** @description stable English error code, e.g. case.invalid_transition */
                            code: string;
                            /** @description human message (zh-CN) */
                            message: string;
                            details: unknown;
                        };
                    };
                };
                /** @description Error */
                403: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            /** @description stable English error code, e.g. case.invalid_transition */
                            code: string;
                            /** @description human message (zh-CN) */
                            message: string;
                            details: unknown;
                        };
                    };
                };
                /** @description Error */
                404: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            /** @description stable English error code, e.g. case.invalid_transition */
                            code: string;
                            /** @description human message (zh-CN) */
                            message: string;
                            details: unknown;
                        };
                    };
                };
                /** @description Error */
                409: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            /** @description stable English error code, e.g. case.invalid_transition */
                            code: string;
                            /** @description human message (zh-CN) */
                            message: string;
                            details: unknown;
                        };
                    };
                };
                /** @description Error */
                422: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            /** @description stable English error code, e.g. case.invalid_transition */
                            code: string;
                            /** @description human message (zh-CN) */
                            message: string;
                            details: unknown;
                        };
                    };
                };
            };
        };
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/tasks": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** Department tasks: a department's own, or all in the jurisdiction */
        get: {
            parameters: {
                query?: {
                    status?: "open" | "done";
                };
                header?: never;
                path?: never;
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description Department tasks */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            items: {
                                /**
                                 * Format: uuid
                                 * @description UUID
                                 */
                                id: string;
                                /**
                                 * Format: uuid
                                 * @description UUID
                                 */
                                caseId: string;
                                department: string;
                                title: string;
                                /** @description YYYY-MM-DD (China day) */
                                deadline: string;
                                /** @enum {string} */
                                status: "open" | "done";
                                result: string | null;
                                /** Format: date-time */
                                createdAt: string;
                                /** Format: date-time */
                                doneAt: string | null;
                                photos: {
                                    /**
                                     * Format: uuid
                                     * @description UUID
                                     */
                                    id: string;
                                    /**
                                     * @description before 整改前 / during 整改中 / after 整改后
                                     * @enum {string}
                                     */
                                    stage: "before" | "during" | "after";
                                    /** Format: date-time */
                                    capturedAt: string | null;
                                    /** Format: date-time */
                                    uploadedAt: string;
                                    evidenceFlags: string[];
                                    urls: {
                                        original: string;
                                        /** @description ≤1280 px, watermarked */
                                        display: string;
                                        /** @description ≤256 px */
                                        thumbnail: string;
                                    };
                                }[];
                                caseNo: string;
                                /** @enum {string} */
                                caseStatus: "reported" | "verified" | "rejected" | "classified" | "rectifying" | "closing_requested" | "closed";
                                townName: string;
                                addressText: string | null;
                            }[];
                        };
                    };
                };
                /** @description Error */
                400: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            /** @description stable English error code, e.g. case.invalid_transition */
                            code: string;
                            /** @description human message (zh-CN) */
                            message: string;
                            details: unknown;
                        };
                    };
                };
                /** @description Error */
                401: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            /** @description stable English error code, e.g. case.invalid_transition */
                            code: string;
                            /** @description human message (zh-CN) */
                            message: string;
                            details: unknown;
                        };
                    };
                };
                /** @description Error */
                403: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            /** @description stable English error code, e.g. case.invalid_transition */
                            code: string;
                            /** @description human message (zh-CN) */
                            message: string;
                            details: unknown;
                        };
                    };
                };
                /** @description Error */
                404: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            /** @description stable English error code, e.g. case.invalid_transition */
                            code: string;
                            /** @description human message (zh-CN) */
                            message: string;
                            details: unknown;
                        };
                    };
                };
                /** @description Error */
                409: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            /** @description stable English error code, e.g. case.invalid_transition */
                            code: string;
                            /** @description human message (zh-CN) */
                            message: string;
                            details: unknown;
                        };
                    };
                };
                /** @description Error */
                422: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            /** @description stable English error code, e.g. case.invalid_transition */
                            code: string;
                            /** @description human message (zh-CN) */
                            message: string;
                            details: unknown;
                        };
                    };
                };
            };
        };
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/tasks/{id}/complete": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /**
         * The department reports its result, optionally with photos
         * @description JSON `{"result": ...}`, or multipart/form-data with `result`, optional `stage` (during | after, default during), `lon`, `lat`, `accuracy`, `capturedAt` and up to 10 files `photo`. The photos are photos of the case linked to the task: they pass the same checks and get the same evidence facts as any case photo. Every photo is checked before anything is stored; the result and the photos are recorded together or not at all. 409 `task.not_open` when the task is done.
         */
        post: {
            parameters: {
                query?: never;
                header?: never;
                path: {
                    /** @description UUID */
                    id: string;
                };
                cookie?: never;
            };
            requestBody: {
                content: {
                    "application/json": {
                        result: string;
                    };
                    "multipart/form-data": {
                        result?: string;
                        /** @description stage of the photos (default during) */
                        stage?: "during" | "after";
                        lon?: number;
                        lat?: number;
                        /** @description metres, from the device */
                        accuracy?: number;
                        /** Format: date-time */
                        capturedAt?: string;
                        /** @description JPEG, PNG or HEIC */
                        photo?: string[];
                        /** @description two phases: the photos are reduced copies of these originals (JSON array, one per photo), as for a report */
                        originals?: string;
                    };
                };
            };
            responses: {
                /** @description The task, done */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            /**
                             * Format: uuid
                             * @description UUID
                             */
                            id: string;
                            /**
                             * Format: uuid
                             * @description UUID
                             */
                            caseId: string;
                            department: string;
                            title: string;
                            /** @description YYYY-MM-DD (China day) */
                            deadline: string;
                            /** @enum {string} */
                            status: "open" | "done";
                            result: string | null;
                            /** Format: date-time */
                            createdAt: string;
                            /** Format: date-time */
                            doneAt: string | null;
                            photos: {
                                /**
                                 * Format: uuid
                                 * @description UUID
                                 */
                                id: string;
                                /**
                                 * @description before 整改前 / during 整改中 / after 整改后
                                 * @enum {string}
                                 */
                                stage: "before" | "during" | "after";
                                /** Format: date-time */
                                capturedAt: string | null;
                                /** Format: date-time */
                                uploadedAt: string;
                                evidenceFlags: string[];
                                urls: {
                                    original: string;
                                    /** @description ≤1280 px, watermarked */
                                    display: string;
                                    /** @description ≤256 px */
                                    thumbnail: string;
                                };
                            }[];
                        };
                    };
                };
                /** @description Error */
                400: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            /** @description stable English error code, e.g. case.invalid_transition */
                            code: string;
                            /** @description human message (zh-CN) */
                            message: string;
                            details: unknown;
                        };
                    };
                };
                /** @description Error */
                401: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            /** @description stable English error code, e.g. case.invalid_transition */
                            code: string;
                            /** @description human message (zh-CN) */
                            message: string;
                            details: unknown;
                        };
                    };
                };
                /** @description Error */
                403: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            /** @description stable English error code, e.g. case.invalid_transition */
                            code: string;
                            /** @description human message (zh-CN) */
                            message: string;
                            details: unknown;
                        };
                    };
                };
                /** @description Error */
                404: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            /** @description stable English error code, e.g. case.invalid_transition */
                            code: string;
                            /** @description human message (zh-CN) */
                            message: string;
                            details: unknown;
                        };
                    };
                };
                /** @description Error */
                409: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            /** @description stable English error code, e.g. case.invalid_transition */
                            code: string;
                            /** @description human message (zh-CN) */
                            message: string;
                            details: unknown;
                        };
                    };
                };
                /** @description Error */
                422: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            /** @description stable English error code, e.g. case.invalid_transition */
                            code: string;
                            /** @description human message (zh-CN) */
                            message: string;
                            details: unknown;
                        };
                    };
                };
            };
        };
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/tasks/{id}/photos": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /**
         * Add photos to an open department task (multipart: optional `stage` during|after, lon/lat/accuracy/capturedAt, one or more files `photo`)
         * @description The photos are photos of the case, linked to the task, with the same checks and evidence facts as any case photo. 201 with the photos; 409 `task.not_open` once the task is done. `originals` (JSON array, one per file): two phases, the files are reduced copies and each original follows as a tus upload to `/api/uploads` (docs/two-phase-report.md).
         */
        post: {
            parameters: {
                query?: never;
                header?: never;
                path: {
                    /** @description UUID */
                    id: string;
                };
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description The same photos sent again */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            items: {
                                /**
                                 * Format: uuid
                                 * @description UUID
                                 */
                                id: string;
                                /**
                                 * Format: uuid
                                 * @description UUID
                                 */
                                caseId: string;
                                /**
                                 * @description before 整改前 / during 整改中 / after 整改后
                                 * @enum {string}
                                 */
                                stage: "before" | "during" | "after";
                                sha256: string;
                                mime: string;
                                bytes: number;
                                width: number | null;
                                height: number | null;
                                /** Format: date-time */
                                capturedAt: string | null;
                                captureLon: number | null;
                                captureLat: number | null;
                                captureAccuracyM: number | null;
                                /** @description the EXIF tags read */
                                exif: {
                                    [key: string]: unknown;
                                } | null;
                                /** @description perceptual hash (hex) */
                                phash: string | null;
                                evidence: ({
                                    exifPresent: boolean;
                                    /** @enum {string|null} */
                                    locationSource: "exif" | "device" | null;
                                    gpsDistanceM: number | null;
                                    caseDistanceM: number | null;
                                    /** @enum {string|null} */
                                    timeSource: "exif" | "device" | null;
                                    captureLagS: number | null;
                                    device: string | null;
                                    flags: string[];
                                } & {
                                    [key: string]: unknown;
                                }) | null;
                                /** @description The original of a photo sent in two phases */
                                original: {
                                    /**
                                     * @description awaiting 原图上传中 (the reduced copy stands in) / verified (the original is the evidence of record) / refused (the bytes were not the original declared; the reduced copy stays the evidence)
                                     * @enum {string}
                                     */
                                    status: "awaiting" | "verified" | "refused";
                                    /** @description the SHA-256 the phone declared */
                                    sha256: string;
                                    /** @description the size the phone declared */
                                    bytes: number;
                                    /** @description where to create the tus upload (POST, with `Upload-Metadata: photoId <base64>`) */
                                    uploadPath: string;
                                    /**
                                     * Format: date-time
                                     * @description when a missing original raises the flag original_missing
                                     */
                                    dueAt: string;
                                    /**
                                     * Format: date-time
                                     * @description when the flag original_missing was raised
                                     */
                                    missingSince: string | null;
                                    /** Format: date-time */
                                    receivedAt: string | null;
                                    /** @description the hash of the bytes that arrived (refused ones too) */
                                    receivedSha256: string | null;
                                    /** @description what the refused bytes contradict: sha256, bytes, type, width, height, exif.<field>, exif, duplicate_on_case */
                                    mismatches: string[];
                                } | null;
                                /** Format: date-time */
                                uploadedAt: string;
                                urls: {
                                    original: string;
                                    /** @description ≤1280 px, watermarked */
                                    display: string;
                                    /** @description ≤256 px */
                                    thumbnail: string;
                                };
                            }[];
                        };
                    };
                };
                /** @description The photos added */
                201: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            items: {
                                /**
                                 * Format: uuid
                                 * @description UUID
                                 */
                                id: string;
                                /**
                                 * Format: uuid
                                 * @description UUID
                                 */
                                caseId: string;
                                /**
                                 * @description before 整改前 / during 整改中 / after 整改后
                                 * @enum {string}
                                 */
                                stage: "before" | "during" | "after";
                                sha256: string;
                                mime: string;
                                bytes: number;
                                width: number | null;
                                height: number | null;
                                /** Format: date-time */
                                capturedAt: string | null;
                                captureLon: number | null;
                                captureLat: number | null;
                                captureAccuracyM: number | null;
                                /** @description the EXIF tags read */
                                exif: {
                                    [key: string]: unknown;
                                } | null;
                                /** @description perceptual hash (hex) */
                                phash: string | null;
                                evidence: ({
                                    exifPresent: boolean;
                                    /** @enum {string|null} */
                                    locationSource: "exif" | "device" | null;
                                    gpsDistanceM: number | null;
                                    caseDistanceM: number | null;
                                    /** @enum {string|null} */
                                    timeSource: "exif" | "device" | null;
                                    captureLagS: number | null;
                                    device: string | null;
                                    flags: string[];
                                } & {
                                    [key: string]: unknown;
                                }) | null;
                                /** @description The original of a photo sent in two phases */
                                original: {
                                    /**
                                     * @description awaiting 原图上传中 (the reduced copy stands in) / verified (the original is the evidence of record) / refused (the bytes were not the original declared; the reduced copy stays the evidence)
                                     * @enum {string}
                                     */
                                    status: "awaiting" | "verified" | "refused";
                                    /** @description the SHA-256 the phone declared */
                                    sha256: string;
                                    /** @description the size the phone declared */
                                    bytes: number;
                                    /** @description where to create the tus upload (POST, with `Upload-Metadata: photoId <base64>`) */
                                    uploadPath: string;
                                    /**
                                     * Format: date-time
                                     * @description when a missing original raises the flag original_missing
                                     */
                                    dueAt: string;
                                    /**
                                     * Format: date-time
                                     * @description when the flag original_missing was raised
                                     */
                                    missingSince: string | null;
                                    /** Format: date-time */
                                    receivedAt: string | null;
                                    /** @description the hash of the bytes that arrived (refused ones too) */
                                    receivedSha256: string | null;
                                    /** @description what the refused bytes contradict: sha256, bytes, type, width, height, exif.<field>, exif, duplicate_on_case */
                                    mismatches: string[];
                                } | null;
                                /** Format: date-time */
                                uploadedAt: string;
                                urls: {
                                    original: string;
                                    /** @description ≤1280 px, watermarked */
                                    display: string;
                                    /** @description ≤256 px */
                                    thumbnail: string;
                                };
                            }[];
                        };
                    };
                };
                /** @description Error */
                400: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            /** @description stable English error code, e.g. case.invalid_transition */
                            code: string;
                            /** @description human message (zh-CN) */
                            message: string;
                            details: unknown;
                        };
                    };
                };
                /** @description Error */
                401: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            /** @description stable English error code, e.g. case.invalid_transition */
                            code: string;
                            /** @description human message (zh-CN) */
                            message: string;
                            details: unknown;
                        };
                    };
                };
                /** @description Error */
                403: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            /** @description stable English error code, e.g. case.invalid_transition */
                            code: string;
                            /** @description human message (zh-CN) */
                            message: string;
                            details: unknown;
                        };
                    };
                };
                /** @description Error */
                404: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            /** @description stable English error code, e.g. case.invalid_transition */
                            code: string;
                            /** @description human message (zh-CN) */
                            message: string;
                            details: unknown;
                        };
                    };
                };
                /** @description Error */
                409: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            /** @description stable English error code, e.g. case.invalid_transition */
                            code: string;
                            /** @description human message (zh-CN) */
                            message: string;
                            details: unknown;
                        };
                    };
                };
                /** @description Error */
                422: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            /** @description stable English error code, e.g. case.invalid_transition */
                            code: string;
                            /** @description human message (zh-CN) */
                            message: string;
                            details: unknown;
                        };
                    };
                };
            };
        };
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/todo": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * What waits on you (待办), overdue first
         * @description kind: verify / classify / rectify (town officer), review (city office: closings), notice (supervision notices to answer), task (department), photo (inspector: after-photo evidence), duplicate (a probable duplicate to decide), assigned (inspector: a case assigned to you; a rectifying one shows as photo instead).
         */
        get: {
            parameters: {
                query?: {
                    limit?: number;
                };
                header?: never;
                path?: never;
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description Your to-do list, overdue first */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            total: number;
                            overdue: number;
                            /** @description items per kind */
                            counts: {
                                [key: string]: number;
                            };
                            items: {
                                /** @enum {string} */
                                kind: "verify" | "classify" | "rectify" | "photo" | "review" | "notice" | "task" | "duplicate" | "assigned";
                                /**
                                 * Format: uuid
                                 * @description UUID
                                 */
                                caseId: string;
                                caseNo: string;
                                /** @enum {string} */
                                caseStatus: "reported" | "verified" | "rejected" | "classified" | "rectifying" | "closing_requested" | "closed";
                                townName: string;
                                divisionName: string;
                                addressText: string | null;
                                /**
                                 * Format: date-time
                                 * @description due by (a day-deadline: the end of that China day)
                                 */
                                deadline: string | null;
                                overdue: boolean;
                                /** @description the notice, task or duplicate candidate it is about */
                                refId: string | null;
                                title: string | null;
                            }[];
                        };
                    };
                };
                /** @description Error */
                400: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            /** @description stable English error code, e.g. case.invalid_transition */
                            code: string;
                            /** @description human message (zh-CN) */
                            message: string;
                            details: unknown;
                        };
                    };
                };
                /** @description Error */
                401: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            /** @description stable English error code, e.g. case.invalid_transition */
                            code: string;
                            /** @description human message (zh-CN) */
                            message: string;
                            details: unknown;
                        };
                    };
                };
                /** @description Error */
                403: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            /** @description stable English error code, e.g. case.invalid_transition */
                            code: string;
                            /** @description human message (zh-CN) */
                            message: string;
                            details: unknown;
                        };
                    };
                };
                /** @description Error */
                404: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            /** @description stable English error code, e.g. case.invalid_transition */
                            code: string;
                            /** @description human message (zh-CN) */
                            message: string;
                            details: unknown;
                        };
                    };
                };
                /** @description Error */
                409: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            /** @description stable English error code, e.g. case.invalid_transition */
                            code: string;
                            /** @description human message (zh-CN) */
                            message: string;
                            details: unknown;
                        };
                    };
                };
                /** @description Error */
                422: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            /** @description stable English error code, e.g. case.invalid_transition */
                            code: string;
                            /** @description human message (zh-CN) */
                            message: string;
                            details: unknown;
                        };
                    };
                };
            };
        };
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/notifications": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** Your notifications (assignments, notices, returned closings …) and the unread count */
        get: {
            parameters: {
                query?: {
                    unread?: boolean;
                    limit?: number;
                };
                header?: never;
                path?: never;
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description Your notifications, newest first, and the unread count */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            unread: number;
                            items: {
                                /**
                                 * Format: uuid
                                 * @description UUID
                                 */
                                id: string;
                                /** @description e.g. case.assigned, notice.issued, closing.returned */
                                kind: string;
                                title: string;
                                body: string | null;
                                /**
                                 * Format: uuid
                                 * @description UUID
                                 */
                                caseId: string | null;
                                /** Format: date-time */
                                createdAt: string;
                                read: boolean;
                            }[];
                        };
                    };
                };
                /** @description Error */
                400: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            /** @description stable English error code, e.g. case.invalid_transition */
                            code: string;
                            /** @description human message (zh-CN) */
                            message: string;
                            details: unknown;
                        };
                    };
                };
                /** @description Error */
                401: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            /** @description stable English error code, e.g. case.invalid_transition */
                            code: string;
                            /** @description human message (zh-CN) */
                            message: string;
                            details: unknown;
                        };
                    };
                };
                /** @description Error */
                403: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            /** @description stable English error code, e.g. case.invalid_transition */
                            code: string;
                            /** @description human message (zh-CN) */
                            message: string;
                            details: unknown;
                        };
                    };
                };
                /** @description Error */
                404: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            /** @description stable English error code, e.g. case.invalid_transition */
                            code: string;
                            /** @description human message (zh-CN) */
                            message: string;
                            details: unknown;
                        };
                    };
                };
                /** @description Error */
                409: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            /** @description stable English error code, e.g. case.invalid_transition */
                            code: string;
                            /** @description human message (zh-CN) */
                            message: string;
                            details: unknown;
                        };
                    };
                };
                /** @description Error */
                422: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            /** @description stable English error code, e.g. case.invalid_transition */
                            code: string;
                            /** @description human message (zh-CN) */
                            message: string;
                            details: unknown;
                        };
                    };
                };
            };
        };
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/notifications/read": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /** Mark notifications read: `{"ids": [...]}` or `{"all": true}` */
        post: {
            parameters: {
                query?: never;
                header?: never;
                path?: never;
                cookie?: never;
            };
            requestBody: {
                content: {
                    "application/json": {
                        ids?: string[];
                        /** @enum {boolean} */
                        all?: true;
                    };
                };
            };
            responses: {
                /** @description Marked */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            /** @description notifications marked read */
                            marked: number;
                        };
                    };
                };
                /** @description Error */
                400: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            /** @description stable English error code, e.g. case.invalid_transition */
                            code: string;
                            /** @description human message (zh-CN) */
                            message: string;
                            details: unknown;
                        };
                    };
                };
                /** @description Error */
                401: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            /** @description stable English error code, e.g. case.invalid_transition */
                            code: string;
                            /** @description human message (zh-CN) */
                            message: string;
                            details: unknown;
                        };
                    };
                };
                /** @description Error */
                403: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            /** @description stable English error code, e.g. case.invalid_transition */
                            code: string;
                            /** @description human message (zh-CN) */
                            message: string;
                            details: unknown;
                        };
                    };
                };
                /** @description Error */
                404: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            /** @description stable English error code, e.g. case.invalid_transition */
                            code: string;
                            /** @description human message (zh-CN) */
                            message: string;
                            details: unknown;
                        };
                    };
                };
                /** @description Error */
                409: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            /** @description stable English error code, e.g. case.invalid_transition */
                            code: string;
                            /** @description human message (zh-CN) */
                            message: string;
                            details: unknown;
                        };
                    };
                };
                /** @description Error */
                422: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            /** @description stable English error code, e.g. case.invalid_transition */
                            code: string;
                            /** @description human message (zh-CN) */
                            message: string;
                            details: unknown;
                        };
                    };
                };
            };
        };
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/cases/{id}/documents": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** Papers issued on a case */
        get: {
            parameters: {
                query?: never;
                header?: never;
                path: {
                    /** @description UUID */
                    id: string;
                };
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description Papers issued on the case */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            items: {
                                /**
                                 * Format: uuid
                                 * @description UUID
                                 */
                                id: string;
                                /**
                                 * Format: uuid
                                 * @description UUID
                                 */
                                caseId: string;
                                /**
                                 * @description demolition_order 责令限期拆除通知书 / reminder 催告书 / delivery_receipt 送达回证
                                 * @enum {string}
                                 */
                                kind: "demolition_order" | "reminder" | "delivery_receipt";
                                title: string;
                                /** @description the paper number of the town, e.g. 新埭拆字〔2026〕第3号 */
                                docNo: string;
                                /** @description a delivery receipt: the paper delivered */
                                refersTo: string | null;
                                /** Format: date-time */
                                issuedAt: string;
                                /** @description URL of the PDF */
                                pdf: string;
                            }[];
                        };
                    };
                };
                /** @description Error */
                400: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            /** @description stable English error code, e.g. case.invalid_transition */
                            code: string;
                            /** @description human message (zh-CN) */
                            message: string;
                            details: unknown;
                        };
                    };
                };
                /** @description Error */
                401: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            /** @description stable English error code, e.g. case.invalid_transition */
                            code: string;
                            /** @description human message (zh-CN) */
                            message: string;
                            details: unknown;
                        };
                    };
                };
                /** @description Error */
                403: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            /** @description stable English error code, e.g. case.invalid_transition */
                            code: string;
                            /** @description human message (zh-CN) */
                            message: string;
                            details: unknown;
                        };
                    };
                };
                /** @description Error */
                404: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            /** @description stable English error code, e.g. case.invalid_transition */
                            code: string;
                            /** @description human message (zh-CN) */
                            message: string;
                            details: unknown;
                        };
                    };
                };
                /** @description Error */
                409: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            /** @description stable English error code, e.g. case.invalid_transition */
                            code: string;
                            /** @description human message (zh-CN) */
                            message: string;
                            details: unknown;
                        };
                    };
                };
                /** @description Error */
                422: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            /** @description stable English error code, e.g. case.invalid_transition */
                            code: string;
                            /** @description human message (zh-CN) */
                            message: string;
                            details: unknown;
                        };
                    };
                };
            };
        };
        put?: never;
        /**
         * Issue an enforcement paper with the next number of the town: 责令限期拆除通知书, 催告书, 送达回证
         * @description `demolition_order`: a case classified 拆除 and not closed; `deadline` (YYYY-MM-DD, after today) defaults to the case deadline. `reminder`: after an order; `deadline` required. `delivery_receipt`: `refersTo` = the order or reminder delivered.
         */
        post: {
            parameters: {
                query?: never;
                header?: never;
                path: {
                    /** @description UUID */
                    id: string;
                };
                cookie?: never;
            };
            requestBody: {
                content: {
                    "application/json": {
                        /** @enum {string} */
                        kind: "demolition_order" | "reminder" | "delivery_receipt";
                        /** Format: date */
                        deadline?: string;
                        /**
                         * Format: uuid
                         * @description UUID
                         */
                        refersTo?: string;
                    };
                };
            };
            responses: {
                /** @description The paper issued */
                201: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            /**
                             * Format: uuid
                             * @description UUID
                             */
                            id: string;
                            /**
                             * Format: uuid
                             * @description UUID
                             */
                            caseId: string;
                            /**
                             * @description demolition_order 责令限期拆除通知书 / reminder 催告书 / delivery_receipt 送达回证
                             * @enum {string}
                             */
                            kind: "demolition_order" | "reminder" | "delivery_receipt";
                            title: string;
                            /** @description the paper number of the town, e.g. 新埭拆字〔2026〕第3号 */
                            docNo: string;
                            /** @description a delivery receipt: the paper delivered */
                            refersTo: string | null;
                            /** Format: date-time */
                            issuedAt: string;
                            /** @description URL of the PDF */
                            pdf: string;
                        };
                    };
                };
                /** @description Error */
                400: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            /** @description stable English error code, e.g. case.invalid_transition */
                            code: string;
                            /** @description human message (zh-CN) */
                            message: string;
                            details: unknown;
                        };
                    };
                };
                /** @description Error */
                401: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            /** @description stable English error code, e.g. case.invalid_transition */
                            code: string;
                            /** @description human message (zh-CN) */
                            message: string;
                            details: unknown;
                        };
                    };
                };
                /** @description Error */
                403: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            /** @description stable English error code, e.g. case.invalid_transition */
                            code: string;
                            /** @description human message (zh-CN) */
                            message: string;
                            details: unknown;
                        };
                    };
                };
                /** @description Error */
                404: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            /** @description stable English error code, e.g. case.invalid_transition */
                            code: string;
                            /** @description human message (zh-CN) */
                            message: string;
                            details: unknown;
                        };
                    };
                };
                /** @description Error */
                409: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            /** @description stable English error code, e.g. case.invalid_transition */
                            code: string;
                            /** @description human message (zh-CN) */
                            message: string;
                            details: unknown;
                        };
                    };
                };
                /** @description Error */
                422: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            /** @description stable English error code, e.g. case.invalid_transition */
                            code: string;
                            /** @description human message (zh-CN) */
                            message: string;
                            details: unknown;
                        };
                    };
                };
            };
        };
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/documents/{id}/pdf": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** A paper as issued (PDF) */
        get: {
            parameters: {
                query?: never;
                header?: never;
                path: {
                    /** @description UUID */
                    id: string;
                };
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description The paper (PDF) */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/pdf": string;
                    };
                };
                /** @description Error */
                400: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            /** @description stable English error code, e.g. case.invalid_transition */
                            code: string;
                            /** @description human message (zh-CN) */
                            message: string;
                            details: unknown;
                        };
                    };
                };
                /** @description Error */
                401: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            /** @description stable English error code, e.g. case.invalid_transition */
                            code: string;
                            /** @description human message (zh-CN) */
                            message: string;
                            details: unknown;
                        };
                    };
                };
                /** @description Error */
                403: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            /** @description stable English error code, e.g. case.invalid_transition */
                            code: string;
                            /** @description human message (zh-CN) */
                            message: string;
                            details: unknown;
                        };
                    };
                };
                /** @description Error */
                404: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            /** @description stable English error code, e.g. case.invalid_transition */
                            code: string;
                            /** @description human message (zh-CN) */
                            message: string;
                            details: unknown;
                        };
                    };
                };
                /** @description Error */
                409: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            /** @description stable English error code, e.g. case.invalid_transition */
                            code: string;
                            /** @description human message (zh-CN) */
                            message: string;
                            details: unknown;
                        };
                    };
                };
                /** @description Error */
                422: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            /** @description stable English error code, e.g. case.invalid_transition */
                            code: string;
                            /** @description human message (zh-CN) */
                            message: string;
                            details: unknown;
                        };
                    };
                };
            };
        };
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/cases/{id}/dossier.pdf": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** The case dossier 一户一档 (PDF): facts, map, photos by stage, decisions, timeline, papers */
        get: {
            parameters: {
                query?: never;
                header?: never;
                path: {
                    /** @description UUID */
                    id: string;
                };
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description The dossier (PDF) */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/pdf": string;
                    };
                };
                /** @description Error */
                400: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            /** @description stable English error code, e.g. case.invalid_transition */
                            code: string;
                            /** @description human message (zh-CN) */
                            message: string;
                            details: unknown;
                        };
                    };
                };
                /** @description Error */
                401: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            /** @description stable English error code, e.g. case.invalid_transition */
                            code: string;
                            /** @description human message (zh-CN) */
                            message: string;
                            details: unknown;
                        };
                    };
                };
                /** @description Error */
                403: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            /** @description stable English error code, e.g. case.invalid_transition */
                            code: string;
                            /** @description human message (zh-CN) */
                            message: string;
                            details: unknown;
                        };
                    };
                };
                /** @description Error */
                404: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            /** @description stable English error code, e.g. case.invalid_transition */
                            code: string;
                            /** @description human message (zh-CN) */
                            message: string;
                            details: unknown;
                        };
                    };
                };
                /** @description Error */
                409: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            /** @description stable English error code, e.g. case.invalid_transition */
                            code: string;
                            /** @description human message (zh-CN) */
                            message: string;
                            details: unknown;
                        };
                    };
                };
                /** @description Error */
                422: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            /** @description stable English error code, e.g. case.invalid_transition */
                            code: string;
                            /** @description human message (zh-CN) */
                            message: string;
                            details: unknown;
                        };
                    };
                };
            };
        };
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/reports/monthly": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** Monthly report (月度报告) of a town or the city as of the month’s end: counts (stock/new cases and area, reports, verifications, closings, demolished area, overdue, supervision notices), 12-month trends, the month’s governance index (from finished index runs), the table by town or village, and the top problems */
        get: {
            parameters: {
                query?: {
                    /** @description A town (镇街) or the city; default: your jurisdiction. Unknown → 400 report.unknown_division; a village → 400 report.invalid_division; outside your jurisdiction → 404 */
                    division?: string;
                    /** @description YYYY-MM (China time); default: the last month that has ended. Malformed → 400 report.invalid_month; not begun yet → 400 report.future_month */
                    month?: string;
                };
                header?: never;
                path?: never;
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description The monthly report */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            /** @description YYYY-MM */
                            month: string;
                            monthLabel: string;
                            periodStart: string;
                            periodEnd: string;
                            asOf: string;
                            asOfLabel: string;
                            /** @description the month has not ended: as of now */
                            partial: boolean;
                            generatedAt: string;
                            division: {
                                code: string;
                                name: string;
                                shortName: string;
                                /** @enum {string} */
                                level: "city" | "town" | "village";
                            };
                            totals: {
                                /** @description stock cases 存量 registered by the month’s end */
                                stockCount: number;
                                stockAreaM2: number;
                                stockOpenCount: number;
                                stockOpenAreaM2: number;
                                stockClosedAreaM2: number;
                                /** @description new cases 新增 found by the month’s end */
                                newCount: number;
                                newAreaM2: number;
                                newOpenCount: number;
                                newOpenAreaM2: number;
                                openCount: number;
                                openAreaM2: number;
                                /** @description reports in the month */
                                reports: number;
                                verifications: number;
                                rejections: number;
                                closings: number;
                                validClosings: number;
                                demolishedCount: number;
                                demolishedAreaM2: number;
                                rebuilds: number;
                                overdue: number;
                                /** @description new cases on basic farmland or cultivated land */
                                redLineNew: number;
                                complaints: number;
                                noticesIssued: number;
                                noticesAnswered: number;
                                noticesOpen: number;
                                noticesDue: number;
                                noticesOnTime: number;
                            };
                            previous: {
                                /** @description stock cases 存量 registered by the month’s end */
                                stockCount: number;
                                stockAreaM2: number;
                                stockOpenCount: number;
                                stockOpenAreaM2: number;
                                stockClosedAreaM2: number;
                                /** @description new cases 新增 found by the month’s end */
                                newCount: number;
                                newAreaM2: number;
                                newOpenCount: number;
                                newOpenAreaM2: number;
                                openCount: number;
                                openAreaM2: number;
                                /** @description reports in the month */
                                reports: number;
                                verifications: number;
                                rejections: number;
                                closings: number;
                                validClosings: number;
                                demolishedCount: number;
                                demolishedAreaM2: number;
                                rebuilds: number;
                                overdue: number;
                                /** @description new cases on basic farmland or cultivated land */
                                redLineNew: number;
                                complaints: number;
                                noticesIssued: number;
                                noticesAnswered: number;
                                noticesOpen: number;
                                noticesDue: number;
                                noticesOnTime: number;
                            } | null;
                            /** @description 12 months, oldest first */
                            trend: {
                                /** @description stock cases 存量 registered by the month’s end */
                                stockCount: number;
                                stockAreaM2: number;
                                stockOpenCount: number;
                                stockOpenAreaM2: number;
                                stockClosedAreaM2: number;
                                /** @description new cases 新增 found by the month’s end */
                                newCount: number;
                                newAreaM2: number;
                                newOpenCount: number;
                                newOpenAreaM2: number;
                                openCount: number;
                                openAreaM2: number;
                                /** @description reports in the month */
                                reports: number;
                                verifications: number;
                                rejections: number;
                                closings: number;
                                validClosings: number;
                                demolishedCount: number;
                                demolishedAreaM2: number;
                                rebuilds: number;
                                overdue: number;
                                /** @description new cases on basic farmland or cultivated land */
                                redLineNew: number;
                                complaints: number;
                                noticesIssued: number;
                                noticesAnswered: number;
                                noticesOpen: number;
                                noticesDue: number;
                                noticesOnTime: number;
                                month: string;
                            }[];
                            index: {
                                /** @enum {boolean} */
                                available: false;
                                message: string;
                                pending: boolean;
                            } | {
                                /** @enum {boolean} */
                                available: true;
                                /**
                                 * Format: uuid
                                 * @description UUID
                                 */
                                runId: string;
                                period: string;
                                definitionVersion: number;
                                finishedAt: string | null;
                                partial: boolean;
                                unit: {
                                    code: string;
                                    name: string;
                                    score: number;
                                    rank: number;
                                    rankInTown: number | null;
                                    /** @enum {string} */
                                    color: "green" | "blue" | "yellow" | "orange" | "red";
                                    change: {
                                        score: number;
                                        rank: number;
                                        /** @enum {string} */
                                        color: "better" | "worse" | "same";
                                        /** @enum {string} */
                                        previousColor: "green" | "blue" | "yellow" | "orange" | "red";
                                    } | null;
                                    redLines: {
                                        id: string;
                                        name: string;
                                        /** @enum {string} */
                                        cap: "green" | "blue" | "yellow" | "orange" | "red";
                                    }[];
                                    rankOf: number | null;
                                } | null;
                                level: string;
                                units: {
                                    code: string;
                                    name: string;
                                    score: number;
                                    rank: number;
                                    rankInTown: number | null;
                                    /** @enum {string} */
                                    color: "green" | "blue" | "yellow" | "orange" | "red";
                                    change: {
                                        score: number;
                                        rank: number;
                                        /** @enum {string} */
                                        color: "better" | "worse" | "same";
                                        /** @enum {string} */
                                        previousColor: "green" | "blue" | "yellow" | "orange" | "red";
                                    } | null;
                                    redLines: {
                                        id: string;
                                        name: string;
                                        /** @enum {string} */
                                        cap: "green" | "blue" | "yellow" | "orange" | "red";
                                    }[];
                                }[];
                                colors: {
                                    [key: string]: number;
                                };
                                trend: {
                                    month: string;
                                    score: number;
                                    rank: number;
                                    /** @enum {string} */
                                    color: "green" | "blue" | "yellow" | "orange" | "red";
                                }[];
                            };
                            /** @enum {string} */
                            breakdownLevel: "town" | "village";
                            breakdown: {
                                /** @description stock cases 存量 registered by the month’s end */
                                stockCount: number;
                                stockAreaM2: number;
                                stockOpenCount: number;
                                stockOpenAreaM2: number;
                                stockClosedAreaM2: number;
                                /** @description new cases 新增 found by the month’s end */
                                newCount: number;
                                newAreaM2: number;
                                newOpenCount: number;
                                newOpenAreaM2: number;
                                openCount: number;
                                openAreaM2: number;
                                /** @description reports in the month */
                                reports: number;
                                verifications: number;
                                rejections: number;
                                closings: number;
                                validClosings: number;
                                demolishedCount: number;
                                demolishedAreaM2: number;
                                rebuilds: number;
                                overdue: number;
                                /** @description new cases on basic farmland or cultivated land */
                                redLineNew: number;
                                complaints: number;
                                noticesIssued: number;
                                noticesAnswered: number;
                                noticesOpen: number;
                                noticesDue: number;
                                noticesOnTime: number;
                                code: string;
                                name: string;
                            }[];
                            top: {
                                newVillages: {
                                    code: string;
                                    name: string;
                                    town: string;
                                    count: number;
                                    newAreaM2: number;
                                    openCount: number;
                                }[];
                                overdueVillages: {
                                    code: string;
                                    name: string;
                                    town: string;
                                    count: number;
                                    newAreaM2: number;
                                    openCount: number;
                                }[];
                                redLine: {
                                    cases: {
                                        /**
                                         * Format: uuid
                                         * @description UUID
                                         */
                                        id: string;
                                        caseNo: string;
                                        town: string;
                                        village: string;
                                        status: string;
                                        statusLabel: string;
                                        origin: string;
                                        disposalClass: string | null;
                                        disposalLabel: string | null;
                                        areaM2: number | null;
                                        foundAt: string;
                                        deadlineAt: string | null;
                                        daysOverdue: number | null;
                                    }[];
                                    units: {
                                        code: string;
                                        name: string;
                                        /** @enum {string} */
                                        color: "green" | "blue" | "yellow" | "orange" | "red";
                                        redLines: {
                                            id: string;
                                            name: string;
                                            /** @enum {string} */
                                            cap: "green" | "blue" | "yellow" | "orange" | "red";
                                        }[];
                                    }[];
                                };
                                biggestOpen: {
                                    /**
                                     * Format: uuid
                                     * @description UUID
                                     */
                                    id: string;
                                    caseNo: string;
                                    town: string;
                                    village: string;
                                    status: string;
                                    statusLabel: string;
                                    origin: string;
                                    disposalClass: string | null;
                                    disposalLabel: string | null;
                                    areaM2: number | null;
                                    foundAt: string;
                                    deadlineAt: string | null;
                                    daysOverdue: number | null;
                                }[];
                                longestOverdue: {
                                    /**
                                     * Format: uuid
                                     * @description UUID
                                     */
                                    id: string;
                                    caseNo: string;
                                    town: string;
                                    village: string;
                                    status: string;
                                    statusLabel: string;
                                    origin: string;
                                    disposalClass: string | null;
                                    disposalLabel: string | null;
                                    areaM2: number | null;
                                    foundAt: string;
                                    deadlineAt: string | null;
                                    daysOverdue: number | null;
                                }[];
                            };
                        };
                    };
                };
                /** @description Error */
                400: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            /** @description stable English error code, e.g. case.invalid_transition */
                            code: string;
                            /** @description human message (zh-CN) */
                            message: string;
                            details: unknown;
                        };
                    };
                };
                /** @description Error */
                401: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            /** @description stable English error code, e.g. case.invalid_transition */
                            code: string;
                            /** @description human message (zh-CN) */
                            message: string;
                            details: unknown;
                        };
                    };
                };
                /** @description Error */
                403: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            /** @description stable English error code, e.g. case.invalid_transition */
                            code: string;
                            /** @description human message (zh-CN) */
                            message: string;
                            details: unknown;
                        };
                    };
                };
                /** @description Error */
                404: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            /** @description stable English error code, e.g. case.invalid_transition */
                            code: string;
                            /** @description human message (zh-CN) */
                            message: string;
                            details: unknown;
                        };
                    };
                };
                /** @description Error */
                409: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            /** @description stable English error code, e.g. case.invalid_transition */
                            code: string;
                            /** @description human message (zh-CN) */
                            message: string;
                            details: unknown;
                        };
                    };
                };
                /** @description Error */
                422: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            /** @description stable English error code, e.g. case.invalid_transition */
                            code: string;
                            /** @description human message (zh-CN) */
                            message: string;
                            details: unknown;
                        };
                    };
                };
            };
        };
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/reports/monthly.pdf": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** The same monthly report as an A4 PDF with charts and tables */
        get: {
            parameters: {
                query?: {
                    /** @description A town (镇街) or the city; default: your jurisdiction. Unknown → 400 report.unknown_division; a village → 400 report.invalid_division; outside your jurisdiction → 404 */
                    division?: string;
                    /** @description YYYY-MM (China time); default: the last month that has ended. Malformed → 400 report.invalid_month; not begun yet → 400 report.future_month */
                    month?: string;
                };
                header?: never;
                path?: never;
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description The monthly report (PDF) */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/pdf": string;
                    };
                };
                /** @description Error */
                400: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            /** @description stable English error code, e.g. case.invalid_transition */
                            code: string;
                            /** @description human message (zh-CN) */
                            message: string;
                            details: unknown;
                        };
                    };
                };
                /** @description Error */
                401: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            /** @description stable English error code, e.g. case.invalid_transition */
                            code: string;
                            /** @description human message (zh-CN) */
                            message: string;
                            details: unknown;
                        };
                    };
                };
                /** @description Error */
                403: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            /** @description stable English error code, e.g. case.invalid_transition */
                            code: string;
                            /** @description human message (zh-CN) */
                            message: string;
                            details: unknown;
                        };
                    };
                };
                /** @description Error */
                404: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            /** @description stable English error code, e.g. case.invalid_transition */
                            code: string;
                            /** @description human message (zh-CN) */
                            message: string;
                            details: unknown;
                        };
                    };
                };
                /** @description Error */
                409: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            /** @description stable English error code, e.g. case.invalid_transition */
                            code: string;
                            /** @description human message (zh-CN) */
                            message: string;
                            details: unknown;
                        };
                    };
                };
                /** @description Error */
                422: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            /** @description stable English error code, e.g. case.invalid_transition */
                            code: string;
                            /** @description human message (zh-CN) */
                            message: string;
                            details: unknown;
                        };
                    };
                };
            };
        };
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/overview": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * The situation at a glance: stock/new cases now and over 12 months, by unit, class and status; progress to 存量清零/新增归零; latest index colours
         * @description For your jurisdiction, or a division inside it (`division`). `units` are the towns of the city, or the villages of a town. `trend` holds, per China month, the open cases at its end (from the registry history) and the reports and closings in it. Rejected reports are not counted as violations.
         */
        get: {
            parameters: {
                query?: {
                    division?: string;
                };
                header?: never;
                path?: never;
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description The situation in the jurisdiction or the division asked */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            division: {
                                code: string;
                                name: string;
                                /** @enum {string} */
                                level: "city" | "town" | "village";
                            };
                            /** @description ISO 8601 */
                            asOf: string;
                            /** @description YYYY-MM (China time) */
                            month: string;
                            totals: {
                                stock: {
                                    count: number;
                                    /** @description m² */
                                    area: number;
                                };
                                new: {
                                    count: number;
                                    /** @description m² */
                                    area: number;
                                };
                                open: {
                                    count: number;
                                    /** @description m² */
                                    area: number;
                                };
                                closed: {
                                    count: number;
                                    /** @description m² */
                                    area: number;
                                };
                                overdue: number;
                            };
                            thisMonth: {
                                found: number;
                                foundNew: number;
                                closed: number;
                                closedArea: number;
                                overdue: number;
                            };
                            /** @description open and closed cases per status */
                            byStatus: {
                                [key: string]: number;
                            };
                            /** @description cases per disposal class (`none`: not classified) */
                            byClass: {
                                [key: string]: number;
                            };
                            /** @description the towns of the city, or the villages of a town */
                            units: {
                                code: string;
                                name: string;
                                stock: number;
                                stockArea: number;
                                stockClosed: number;
                                stockClearedRate: number;
                                new: number;
                                newOpen: number;
                                newOpenArea: number;
                                open: number;
                                overdue: number;
                                /** @enum {string|null} */
                                indexColor: "green" | "blue" | "yellow" | "orange" | "red" | null;
                                indexScore: number | null;
                                indexRank: number | null;
                            }[];
                            /** @description per China month: the open cases at its end, the reports and closings in it */
                            trend: {
                                month: string;
                                openStock: number;
                                openNew: number;
                                openArea: number;
                                foundStock: number;
                                foundNew: number;
                                closed: number;
                                closedArea: number;
                            }[];
                            index: {
                                /**
                                 * Format: uuid
                                 * @description UUID
                                 */
                                runId: string;
                                period: string;
                                /** @description per level: units per colour */
                                colors: {
                                    [key: string]: {
                                        [key: string]: number;
                                    };
                                };
                            } | null;
                        };
                    };
                };
                /** @description Error */
                400: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            /** @description stable English error code, e.g. case.invalid_transition */
                            code: string;
                            /** @description human message (zh-CN) */
                            message: string;
                            details: unknown;
                        };
                    };
                };
                /** @description Error */
                401: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            /** @description stable English error code, e.g. case.invalid_transition */
                            code: string;
                            /** @description human message (zh-CN) */
                            message: string;
                            details: unknown;
                        };
                    };
                };
                /** @description Error */
                403: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            /** @description stable English error code, e.g. case.invalid_transition */
                            code: string;
                            /** @description human message (zh-CN) */
                            message: string;
                            details: unknown;
                        };
                    };
                };
                /** @description Error */
                404: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            /** @description stable English error code, e.g. case.invalid_transition */
                            code: string;
                            /** @description human message (zh-CN) */
                            message: string;
                            details: unknown;
                        };
                    };
                };
                /** @description Error */
                409: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            /** @description stable English error code, e.g. case.invalid_transition */
                            code: string;
                            /** @description human message (zh-CN) */
                            message: string;
                            details: unknown;
                        };
                    };
                };
                /** @description Error */
                422: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            /** @description stable English error code, e.g. case.invalid_transition */
                            code: string;
                            /** @description human message (zh-CN) */
                            message: string;
                            details: unknown;
                        };
                    };
                };
            };
        };
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/cases/map": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * Cases for the map's viewport: every point, or clusters when there are many
         * @description The list's filters apply (the same query string), inside your jurisdiction. Up to 4000 cases in `view`: `mode: "points"`; more: `mode: "clusters"` on a grid of ~56 px cells at `zoom`, each with its count, centre (mean of its cases) and extent (zoom to it to split it). `byStatus` and `total` count the whole selection, not only the view (left out with `legend=false`).
         */
        get: {
            parameters: {
                query: {
                    /** @description minLon,minLat,maxLon,maxLat (WGS84) */
                    bbox?: string;
                    /** @description a polygon drawn on the map: lon,lat;lon,lat;… (WGS84, 3–500 vertices; the ring is closed for you) */
                    polygon?: string;
                    /** @description division code: the whole subtree */
                    division?: string;
                    /** @description comma-separated statuses */
                    status?: string;
                    origin?: string;
                    disposalClass?: string;
                    source?: string;
                    landType?: string;
                    onBasicFarmland?: boolean;
                    onCultivatedLand?: boolean;
                    /** @description found on or after (YYYY-MM-DD) */
                    foundFrom?: string;
                    /** @description found before (YYYY-MM-DD, exclusive) */
                    foundTo?: string;
                    /** @description free text: case number, address, owner, enterprise, note */
                    q?: string;
                    /** @description `me` or a user id: cases this user reported */
                    reportedBy?: "me" | string;
                    /** @description only cases with (true) / without (false) an unresolved probable duplicate */
                    suspectedDuplicate?: boolean;
                    /** @description only open cases past their step deadline (true) */
                    overdue?: boolean;
                    /** @description only the cases a census import made (GET /api/imports/{id}) */
                    importId?: string;
                    /** @description the map's viewport: minLon,minLat,maxLon,maxLat (WGS84) */
                    view: string;
                    /** @description the map zoom (Web Mercator level): sets the cluster cell size */
                    zoom: number;
                    /** @description points up to this many cases in view (default 4000), clusters above */
                    maxPoints?: number;
                    /** @description with the legend (`total`, `byStatus`; the default); `false`: the view only (the legend changes with the filters, not the view: `GET /api/cases/map/legend`) */
                    legend?: boolean;
                };
                header?: never;
                path?: never;
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description The cases in the map's view, as points or clusters */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            /** @description cases in the view */
                            inView: number;
                            /** @enum {string} */
                            mode: "points" | "clusters";
                            /** @description `mode: points`: every case in the view */
                            points: {
                                /**
                                 * Format: uuid
                                 * @description UUID
                                 */
                                id: string;
                                caseNo: string;
                                lon: number;
                                lat: number;
                                /** @enum {string} */
                                status: "reported" | "verified" | "rejected" | "classified" | "rectifying" | "closing_requested" | "closed";
                                /** @enum {string|null} */
                                disposalClass: "demolish" | "remedy" | "defer" | null;
                                /** @enum {string} */
                                origin: "stock" | "new";
                            }[];
                            /** @description `mode: clusters`: grid cells with their count, centre (mean of their cases) and extent */
                            clusters: {
                                lon: number;
                                lat: number;
                                count: number;
                                /** @description minLon, minLat, maxLon, maxLat */
                                bbox: [
                                    number,
                                    number,
                                    number,
                                    number
                                ];
                            }[];
                            /** @description the whole selection (left out with legend=false) */
                            total?: number;
                            /** @description the whole selection per status (not only the view) */
                            byStatus?: {
                                [key: string]: number;
                            };
                        };
                    };
                };
                /** @description Error */
                400: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            /** @description stable English error code, e.g. case.invalid_transition */
                            code: string;
                            /** @description human message (zh-CN) */
                            message: string;
                            details: unknown;
                        };
                    };
                };
                /** @description Error */
                401: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            /** @description stable English error code, e.g. case.invalid_transition */
                            code: string;
                            /** @description human message (zh-CN) */
                            message: string;
                            details: unknown;
                        };
                    };
                };
                /** @description Error */
                403: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            /** @description stable English error code, e.g. case.invalid_transition */
                            code: string;
                            /** @description human message (zh-CN) */
                            message: string;
                            details: unknown;
                        };
                    };
                };
                /** @description Error */
                404: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            /** @description stable English error code, e.g. case.invalid_transition */
                            code: string;
                            /** @description human message (zh-CN) */
                            message: string;
                            details: unknown;
                        };
                    };
                };
                /** @description Error */
                409: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            /** @description stable English error code, e.g. case.invalid_transition */
                            code: string;
                            /** @description human message (zh-CN) */
                            message: string;
                            details: unknown;
                        };
                    };
                };
                /** @description Error */
                422: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            /** @description stable English error code, e.g. case.invalid_transition */
                            code: string;
                            /** @description human message (zh-CN) */
                            message: string;
                            details: unknown;
                        };
                    };
                };
            };
        };
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/cases/map/legend": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * The map's legend: the selection counted by status
         * @description The list's filters apply (the same query string), inside your jurisdiction. `total` and `byStatus` as in `GET /api/cases/map`, without the view.
         */
        get: {
            parameters: {
                query?: {
                    /** @description minLon,minLat,maxLon,maxLat (WGS84) */
                    bbox?: string;
                    /** @description a polygon drawn on the map: lon,lat;lon,lat;… (WGS84, 3–500 vertices; the ring is closed for you) */
                    polygon?: string;
                    /** @description division code: the whole subtree */
                    division?: string;
                    /** @description comma-separated statuses */
                    status?: string;
                    origin?: string;
                    disposalClass?: string;
                    source?: string;
                    landType?: string;
                    onBasicFarmland?: boolean;
                    onCultivatedLand?: boolean;
                    /** @description found on or after (YYYY-MM-DD) */
                    foundFrom?: string;
                    /** @description found before (YYYY-MM-DD, exclusive) */
                    foundTo?: string;
                    /** @description free text: case number, address, owner, enterprise, note */
                    q?: string;
                    /** @description `me` or a user id: cases this user reported */
                    reportedBy?: "me" | string;
                    /** @description only cases with (true) / without (false) an unresolved probable duplicate */
                    suspectedDuplicate?: boolean;
                    /** @description only open cases past their step deadline (true) */
                    overdue?: boolean;
                    /** @description only the cases a census import made (GET /api/imports/{id}) */
                    importId?: string;
                };
                header?: never;
                path?: never;
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description The selection counted by status */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            total: number;
                            /** @description the whole selection per status (not only the view) */
                            byStatus: {
                                [key: string]: number;
                            };
                        };
                    };
                };
                /** @description Error */
                400: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            /** @description stable English error code, e.g. case.invalid_transition */
                            code: string;
                            /** @description human message (zh-CN) */
                            message: string;
                            details: unknown;
                        };
                    };
                };
                /** @description Error */
                401: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            /** @description stable English error code, e.g. case.invalid_transition */
                            code: string;
                            /** @description human message (zh-CN) */
                            message: string;
                            details: unknown;
                        };
                    };
                };
                /** @description Error */
                403: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            /** @description stable English error code, e.g. case.invalid_transition */
                            code: string;
                            /** @description human message (zh-CN) */
                            message: string;
                            details: unknown;
                        };
                    };
                };
                /** @description Error */
                404: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            /** @description stable English error code, e.g. case.invalid_transition */
                            code: string;
                            /** @description human message (zh-CN) */
                            message: string;
                            details: unknown;
                        };
                    };
                };
                /** @description Error */
                409: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            /** @description stable English error code, e.g. case.invalid_transition */
                            code: string;
                            /** @description human message (zh-CN) */
                            message: string;
                            details: unknown;
                        };
                    };
                };
                /** @description Error */
                422: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            /** @description stable English error code, e.g. case.invalid_transition */
                            code: string;
                            /** @description human message (zh-CN) */
                            message: string;
                            details: unknown;
                        };
                    };
                };
            };
        };
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/cases/patches": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * Change patches (变化图斑) in the view: footprints of cases found by satellite or drone, as GeoJSON
         * @description The list's filters apply, inside your jurisdiction; at most 3000 patches, largest first.
         */
        get: {
            parameters: {
                query: {
                    /** @description minLon,minLat,maxLon,maxLat (WGS84) */
                    bbox?: string;
                    /** @description a polygon drawn on the map: lon,lat;lon,lat;… (WGS84, 3–500 vertices; the ring is closed for you) */
                    polygon?: string;
                    /** @description division code: the whole subtree */
                    division?: string;
                    /** @description comma-separated statuses */
                    status?: string;
                    origin?: string;
                    disposalClass?: string;
                    source?: string;
                    landType?: string;
                    onBasicFarmland?: boolean;
                    onCultivatedLand?: boolean;
                    /** @description found on or after (YYYY-MM-DD) */
                    foundFrom?: string;
                    /** @description found before (YYYY-MM-DD, exclusive) */
                    foundTo?: string;
                    /** @description free text: case number, address, owner, enterprise, note */
                    q?: string;
                    /** @description `me` or a user id: cases this user reported */
                    reportedBy?: "me" | string;
                    /** @description only cases with (true) / without (false) an unresolved probable duplicate */
                    suspectedDuplicate?: boolean;
                    /** @description only open cases past their step deadline (true) */
                    overdue?: boolean;
                    /** @description only the cases a census import made (GET /api/imports/{id}) */
                    importId?: string;
                    /** @description the map's viewport: minLon,minLat,maxLon,maxLat (WGS84) */
                    view: string;
                };
                header?: never;
                path?: never;
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description Change patches (GeoJSON) */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/geo+json": {
                            /** @enum {string} */
                            type: "FeatureCollection";
                            features: {
                                /** @enum {string} */
                                type: "Feature";
                                id?: string | number;
                                /** @description GeoJSON geometry, WGS84 */
                                geometry: ({
                                    type: string;
                                    coordinates: unknown;
                                } & {
                                    [key: string]: unknown;
                                }) | null;
                                properties: {
                                    /**
                                     * Format: uuid
                                     * @description UUID
                                     */
                                    id: string;
                                    caseNo: string;
                                    /** @enum {string} */
                                    status: "reported" | "verified" | "rejected" | "classified" | "rectifying" | "closing_requested" | "closed";
                                    /** @enum {string} */
                                    source: "patrol" | "complaint" | "satellite" | "drone" | "census_import" | "department" | "provincial" | "prefecture";
                                    areaM2: number | null;
                                };
                            }[];
                        };
                    };
                };
                /** @description Error */
                400: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            /** @description stable English error code, e.g. case.invalid_transition */
                            code: string;
                            /** @description human message (zh-CN) */
                            message: string;
                            details: unknown;
                        };
                    };
                };
                /** @description Error */
                401: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            /** @description stable English error code, e.g. case.invalid_transition */
                            code: string;
                            /** @description human message (zh-CN) */
                            message: string;
                            details: unknown;
                        };
                    };
                };
                /** @description Error */
                403: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            /** @description stable English error code, e.g. case.invalid_transition */
                            code: string;
                            /** @description human message (zh-CN) */
                            message: string;
                            details: unknown;
                        };
                    };
                };
                /** @description Error */
                404: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            /** @description stable English error code, e.g. case.invalid_transition */
                            code: string;
                            /** @description human message (zh-CN) */
                            message: string;
                            details: unknown;
                        };
                    };
                };
                /** @description Error */
                409: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            /** @description stable English error code, e.g. case.invalid_transition */
                            code: string;
                            /** @description human message (zh-CN) */
                            message: string;
                            details: unknown;
                        };
                    };
                };
                /** @description Error */
                422: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            /** @description stable English error code, e.g. case.invalid_transition */
                            code: string;
                            /** @description human message (zh-CN) */
                            message: string;
                            details: unknown;
                        };
                    };
                };
            };
        };
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/cases/export.xlsx": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * The filtered cases as an Excel workbook (zh-CN headers)
         * @description The list's filters (same query string), inside your jurisdiction; at most 200000 cases (more is a 400 `selection.too_many`). Recorded on the audit trail. `X-Total-Count` tells the rows to come.
         */
        get: {
            parameters: {
                query?: {
                    /** @description minLon,minLat,maxLon,maxLat (WGS84) */
                    bbox?: string;
                    /** @description a polygon drawn on the map: lon,lat;lon,lat;… (WGS84, 3–500 vertices; the ring is closed for you) */
                    polygon?: string;
                    /** @description division code: the whole subtree */
                    division?: string;
                    /** @description comma-separated statuses */
                    status?: string;
                    origin?: string;
                    disposalClass?: string;
                    source?: string;
                    landType?: string;
                    onBasicFarmland?: boolean;
                    onCultivatedLand?: boolean;
                    /** @description found on or after (YYYY-MM-DD) */
                    foundFrom?: string;
                    /** @description found before (YYYY-MM-DD, exclusive) */
                    foundTo?: string;
                    /** @description free text: case number, address, owner, enterprise, note */
                    q?: string;
                    /** @description `me` or a user id: cases this user reported */
                    reportedBy?: "me" | string;
                    /** @description only cases with (true) / without (false) an unresolved probable duplicate */
                    suspectedDuplicate?: boolean;
                    /** @description only open cases past their step deadline (true) */
                    overdue?: boolean;
                    /** @description only the cases a census import made (GET /api/imports/{id}) */
                    importId?: string;
                };
                header?: never;
                path?: never;
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description The cases (.xlsx) */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet": string;
                    };
                };
                /** @description Error */
                400: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            /** @description stable English error code, e.g. case.invalid_transition */
                            code: string;
                            /** @description human message (zh-CN) */
                            message: string;
                            details: unknown;
                        };
                    };
                };
                /** @description Error */
                401: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            /** @description stable English error code, e.g. case.invalid_transition */
                            code: string;
                            /** @description human message (zh-CN) */
                            message: string;
                            details: unknown;
                        };
                    };
                };
                /** @description Error */
                403: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            /** @description stable English error code, e.g. case.invalid_transition */
                            code: string;
                            /** @description human message (zh-CN) */
                            message: string;
                            details: unknown;
                        };
                    };
                };
                /** @description Error */
                404: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            /** @description stable English error code, e.g. case.invalid_transition */
                            code: string;
                            /** @description human message (zh-CN) */
                            message: string;
                            details: unknown;
                        };
                    };
                };
                /** @description Error */
                409: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            /** @description stable English error code, e.g. case.invalid_transition */
                            code: string;
                            /** @description human message (zh-CN) */
                            message: string;
                            details: unknown;
                        };
                    };
                };
                /** @description Error */
                422: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            /** @description stable English error code, e.g. case.invalid_transition */
                            code: string;
                            /** @description human message (zh-CN) */
                            message: string;
                            details: unknown;
                        };
                    };
                };
            };
        };
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/cases/export.geojson": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * The filtered cases as a GeoJSON FeatureCollection of points (WGS84)
         * @description The list's filters, inside your jurisdiction; at most 200000 cases. Recorded on the audit trail. Opens in GDAL/QGIS (`ogrinfo`).
         */
        get: {
            parameters: {
                query?: {
                    /** @description minLon,minLat,maxLon,maxLat (WGS84) */
                    bbox?: string;
                    /** @description a polygon drawn on the map: lon,lat;lon,lat;… (WGS84, 3–500 vertices; the ring is closed for you) */
                    polygon?: string;
                    /** @description division code: the whole subtree */
                    division?: string;
                    /** @description comma-separated statuses */
                    status?: string;
                    origin?: string;
                    disposalClass?: string;
                    source?: string;
                    landType?: string;
                    onBasicFarmland?: boolean;
                    onCultivatedLand?: boolean;
                    /** @description found on or after (YYYY-MM-DD) */
                    foundFrom?: string;
                    /** @description found before (YYYY-MM-DD, exclusive) */
                    foundTo?: string;
                    /** @description free text: case number, address, owner, enterprise, note */
                    q?: string;
                    /** @description `me` or a user id: cases this user reported */
                    reportedBy?: "me" | string;
                    /** @description only cases with (true) / without (false) an unresolved probable duplicate */
                    suspectedDuplicate?: boolean;
                    /** @description only open cases past their step deadline (true) */
                    overdue?: boolean;
                    /** @description only the cases a census import made (GET /api/imports/{id}) */
                    importId?: string;
                };
                header?: never;
                path?: never;
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description The cases as a GeoJSON FeatureCollection of points */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/geo+json": string;
                    };
                };
                /** @description Error */
                400: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            /** @description stable English error code, e.g. case.invalid_transition */
                            code: string;
                            /** @description human message (zh-CN) */
                            message: string;
                            details: unknown;
                        };
                    };
                };
                /** @description Error */
                401: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            /** @description stable English error code, e.g. case.invalid_transition */
                            code: string;
                            /** @description human message (zh-CN) */
                            message: string;
                            details: unknown;
                        };
                    };
                };
                /** @description Error */
                403: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            /** @description stable English error code, e.g. case.invalid_transition */
                            code: string;
                            /** @description human message (zh-CN) */
                            message: string;
                            details: unknown;
                        };
                    };
                };
                /** @description Error */
                404: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            /** @description stable English error code, e.g. case.invalid_transition */
                            code: string;
                            /** @description human message (zh-CN) */
                            message: string;
                            details: unknown;
                        };
                    };
                };
                /** @description Error */
                409: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            /** @description stable English error code, e.g. case.invalid_transition */
                            code: string;
                            /** @description human message (zh-CN) */
                            message: string;
                            details: unknown;
                        };
                    };
                };
                /** @description Error */
                422: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            /** @description stable English error code, e.g. case.invalid_transition */
                            code: string;
                            /** @description human message (zh-CN) */
                            message: string;
                            details: unknown;
                        };
                    };
                };
            };
        };
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/imports/cases/template.xlsx": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** The census ledger template (存量普查台账): zh-CN headers, drop-downs for coded columns, and a sheet explaining every column and its allowed values */
        get: {
            parameters: {
                query?: never;
                header?: never;
                path?: never;
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description The template (.xlsx) */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet": string;
                    };
                };
                /** @description Error */
                400: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            /** @description stable English error code, e.g. case.invalid_transition */
                            code: string;
                            /** @description human message (zh-CN) */
                            message: string;
                            details: unknown;
                        };
                    };
                };
                /** @description Error */
                401: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            /** @description stable English error code, e.g. case.invalid_transition */
                            code: string;
                            /** @description human message (zh-CN) */
                            message: string;
                            details: unknown;
                        };
                    };
                };
                /** @description Error */
                403: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            /** @description stable English error code, e.g. case.invalid_transition */
                            code: string;
                            /** @description human message (zh-CN) */
                            message: string;
                            details: unknown;
                        };
                    };
                };
                /** @description Error */
                404: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            /** @description stable English error code, e.g. case.invalid_transition */
                            code: string;
                            /** @description human message (zh-CN) */
                            message: string;
                            details: unknown;
                        };
                    };
                };
                /** @description Error */
                409: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            /** @description stable English error code, e.g. case.invalid_transition */
                            code: string;
                            /** @description human message (zh-CN) */
                            message: string;
                            details: unknown;
                        };
                    };
                };
                /** @description Error */
                422: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            /** @description stable English error code, e.g. case.invalid_transition */
                            code: string;
                            /** @description human message (zh-CN) */
                            message: string;
                            details: unknown;
                        };
                    };
                };
            };
        };
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/imports/cases": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /**
         * Upload a census ledger (.xlsx) to import stock cases (city office; a town officer for his own town); a background job creates the cases
         * @description multipart/form-data with one file in the field `file` (at most 10 MB, 20000 data rows). The file is recognised by its bytes (an .xlsx is a zip archive); anything else is a 400 `import.bad_file`. The header row must hold 经度 and 纬度 (`import.missing_columns` otherwise); other headers are matched by their zh-CN names and unknown ones are ignored (listed in `ignoredColumns`). Answers 202 with the import id; follow it with GET /api/imports/{id}. Each row becomes a case of source `census_import` (origin stock, already verified) through the same path as POST /api/cases, or is rejected with its reasons.
         */
        post: {
            parameters: {
                query?: never;
                header?: never;
                path?: never;
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description The import is queued */
                202: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            /**
                             * Format: uuid
                             * @description UUID
                             */
                            id: string;
                            /** @enum {string} */
                            status: "queued";
                            /** @description data rows in the file */
                            totalRows: number;
                            /** @description headers not recognised */
                            ignoredColumns: string[];
                        };
                    };
                };
                /** @description Error */
                400: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            /** @description stable English error code, e.g. case.invalid_transition */
                            code: string;
                            /** @description human message (zh-CN) */
                            message: string;
                            details: unknown;
                        };
                    };
                };
                /** @description Error */
                401: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            /** @description stable English error code, e.g. case.invalid_transition */
                            code: string;
                            /** @description human message (zh-CN) */
                            message: string;
                            details: unknown;
                        };
                    };
                };
                /** @description Error */
                403: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            /** @description stable English error code, e.g. case.invalid_transition */
                            code: string;
                            /** @description human message (zh-CN) */
                            message: string;
                            details: unknown;
                        };
                    };
                };
                /** @description Error */
                404: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            /** @description stable English error code, e.g. case.invalid_transition */
                            code: string;
                            /** @description human message (zh-CN) */
                            message: string;
                            details: unknown;
                        };
                    };
                };
                /** @description Error */
                409: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            /** @description stable English error code, e.g. case.invalid_transition */
                            code: string;
                            /** @description human message (zh-CN) */
                            message: string;
                            details: unknown;
                        };
                    };
                };
                /** @description Error */
                422: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            /** @description stable English error code, e.g. case.invalid_transition */
                            code: string;
                            /** @description human message (zh-CN) */
                            message: string;
                            details: unknown;
                        };
                    };
                };
            };
        };
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/imports": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** Imports, newest first, uploaded inside your jurisdiction (city office, town officer, admin, supervisor) */
        get: {
            parameters: {
                query?: {
                    limit?: number;
                };
                header?: never;
                path?: never;
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description Imports, newest first */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            items: {
                                /**
                                 * Format: uuid
                                 * @description UUID
                                 */
                                id: string;
                                filename: string;
                                /** @description bytes */
                                fileSize: number;
                                /** @enum {string} */
                                status: "queued" | "running" | "done" | "failed";
                                totalRows: number;
                                rowsDone: number;
                                createdCount: number;
                                rejectedCount: number;
                                /** @description rows done of total, 0–1 */
                                progress: number;
                                error: string | null;
                                requestedBy: {
                                    /**
                                     * Format: uuid
                                     * @description UUID
                                     */
                                    id: string;
                                    name: string;
                                };
                                divisionCode: string;
                                divisionName: string;
                                /** Format: date-time */
                                createdAt: string;
                                /** Format: date-time */
                                startedAt: string | null;
                                /** Format: date-time */
                                finishedAt: string | null;
                                /** @description the list of its cases (GET /api/cases?importId=…) */
                                casesLink: string;
                            }[];
                        };
                    };
                };
                /** @description Error */
                400: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            /** @description stable English error code, e.g. case.invalid_transition */
                            code: string;
                            /** @description human message (zh-CN) */
                            message: string;
                            details: unknown;
                        };
                    };
                };
                /** @description Error */
                401: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            /** @description stable English error code, e.g. case.invalid_transition */
                            code: string;
                            /** @description human message (zh-CN) */
                            message: string;
                            details: unknown;
                        };
                    };
                };
                /** @description Error */
                403: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            /** @description stable English error code, e.g. case.invalid_transition */
                            code: string;
                            /** @description human message (zh-CN) */
                            message: string;
                            details: unknown;
                        };
                    };
                };
                /** @description Error */
                404: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            /** @description stable English error code, e.g. case.invalid_transition */
                            code: string;
                            /** @description human message (zh-CN) */
                            message: string;
                            details: unknown;
                        };
                    };
                };
                /** @description Error */
                409: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            /** @description stable English error code, e.g. case.invalid_transition */
                            code: string;
                            /** @description human message (zh-CN) */
                            message: string;
                            details: unknown;
                        };
                    };
                };
                /** @description Error */
                422: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            /** @description stable English error code, e.g. case.invalid_transition */
                            code: string;
                            /** @description human message (zh-CN) */
                            message: string;
                            details: unknown;
                        };
                    };
                };
            };
        };
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/imports/{id}": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * An import: state (queued / running / done / failed), progress (rows done of total), created and rejected counts, the first 100 rejected rows with their reasons, and `casesLink` (the list of its cases)
         * @description The cases it made are listed by GET /api/cases?importId={id}. An import uploaded outside your jurisdiction is a 404.
         */
        get: {
            parameters: {
                query?: never;
                header?: never;
                path: {
                    /** @description UUID */
                    id: string;
                };
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description The import, with its first rejected rows */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            /**
                             * Format: uuid
                             * @description UUID
                             */
                            id: string;
                            filename: string;
                            /** @description bytes */
                            fileSize: number;
                            /** @enum {string} */
                            status: "queued" | "running" | "done" | "failed";
                            totalRows: number;
                            rowsDone: number;
                            createdCount: number;
                            rejectedCount: number;
                            /** @description rows done of total, 0–1 */
                            progress: number;
                            error: string | null;
                            requestedBy: {
                                /**
                                 * Format: uuid
                                 * @description UUID
                                 */
                                id: string;
                                name: string;
                            };
                            divisionCode: string;
                            divisionName: string;
                            /** Format: date-time */
                            createdAt: string;
                            /** Format: date-time */
                            startedAt: string | null;
                            /** Format: date-time */
                            finishedAt: string | null;
                            /** @description the list of its cases (GET /api/cases?importId=…) */
                            casesLink: string;
                            errors: {
                                /** @description row number in the sheet */
                                row: number;
                                reasons: string[];
                            }[];
                        };
                    };
                };
                /** @description Error */
                400: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            /** @description stable English error code, e.g. case.invalid_transition */
                            code: string;
                            /** @description human message (zh-CN) */
                            message: string;
                            details: unknown;
                        };
                    };
                };
                /** @description Error */
                401: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            /** @description stable English error code, e.g. case.invalid_transition */
                            code: string;
                            /** @description human message (zh-CN) */
                            message: string;
                            details: unknown;
                        };
                    };
                };
                /** @description Error */
                403: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            /** @description stable English error code, e.g. case.invalid_transition */
                            code: string;
                            /** @description human message (zh-CN) */
                            message: string;
                            details: unknown;
                        };
                    };
                };
                /** @description Error */
                404: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            /** @description stable English error code, e.g. case.invalid_transition */
                            code: string;
                            /** @description human message (zh-CN) */
                            message: string;
                            details: unknown;
                        };
                    };
                };
                /** @description Error */
                409: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            /** @description stable English error code, e.g. case.invalid_transition */
                            code: string;
                            /** @description human message (zh-CN) */
                            message: string;
                            details: unknown;
                        };
                    };
                };
                /** @description Error */
                422: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            /** @description stable English error code, e.g. case.invalid_transition */
                            code: string;
                            /** @description human message (zh-CN) */
                            message: string;
                            details: unknown;
                        };
                    };
                };
            };
        };
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/imports/{id}/errors.xlsx": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** The rejected rows as a ledger workbook: original row number, the reasons (zh-CN), then the template columns as read — fix and upload again */
        get: {
            parameters: {
                query?: never;
                header?: never;
                path: {
                    /** @description UUID */
                    id: string;
                };
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description The rejected rows (.xlsx) */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet": string;
                    };
                };
                /** @description Error */
                400: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            /** @description stable English error code, e.g. case.invalid_transition */
                            code: string;
                            /** @description human message (zh-CN) */
                            message: string;
                            details: unknown;
                        };
                    };
                };
                /** @description Error */
                401: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            /** @description stable English error code, e.g. case.invalid_transition */
                            code: string;
                            /** @description human message (zh-CN) */
                            message: string;
                            details: unknown;
                        };
                    };
                };
                /** @description Error */
                403: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            /** @description stable English error code, e.g. case.invalid_transition */
                            code: string;
                            /** @description human message (zh-CN) */
                            message: string;
                            details: unknown;
                        };
                    };
                };
                /** @description Error */
                404: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            /** @description stable English error code, e.g. case.invalid_transition */
                            code: string;
                            /** @description human message (zh-CN) */
                            message: string;
                            details: unknown;
                        };
                    };
                };
                /** @description Error */
                409: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            /** @description stable English error code, e.g. case.invalid_transition */
                            code: string;
                            /** @description human message (zh-CN) */
                            message: string;
                            details: unknown;
                        };
                    };
                };
                /** @description Error */
                422: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            /** @description stable English error code, e.g. case.invalid_transition */
                            code: string;
                            /** @description human message (zh-CN) */
                            message: string;
                            details: unknown;
                        };
                    };
                };
            };
        };
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/setup/preview": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /**
         * Preview loading a division code table and/or boundaries (admin): everything is done in a transaction that is rolled back
         * @description multipart/form-data: the file fields `divisions` (the division code table, CSV) and/or `boundaries` (GeoJSON, or a zipped Shapefile with .shp .shx .dbf .prj and .cpg), and the text fields `county` (the county to load from a province-wide table), `csvEncoding`, `crs` (EPSG:4490, EPSG:4513–4554, EPSG:4491–4512, EPSG:4326, GCJ02: when the file does not say), `encoding` (the Shapefile attributes, GBK or UTF-8, when it has no .cpg), `codeField`, `nameField`. The same as `npm run cli -- setup` (docs/going-live.md). The report lists each row's and feature's fate, the boundaries added, moved, unchanged and removed, and the cases that change village.
         */
        post: {
            parameters: {
                query?: never;
                header?: never;
                path?: never;
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description What loading the files writes (or wrote), and every problem */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            /** @description written (false for a preview, or when a problem stopped it) */
                            applied: boolean;
                            /** @description a problem stops the apply; each is listed in its section */
                            blocked: boolean;
                            /** @description the database changed since the preview whose fingerprint was given: nothing written */
                            stale: boolean;
                            /** @description how many things an apply writes (wrote); 0: the database already says what the files say */
                            changes: number;
                            /** @description digest of what an apply writes: give it back to apply exactly this preview */
                            fingerprint: string;
                            county: {
                                /** @description division code (6, 9 or 12 digits) */
                                code: string;
                                name: string;
                            } | null;
                            divisions: {
                                file: string;
                                encoding: string;
                                rows: number;
                                above: {
                                    code: string;
                                    name: string;
                                    level: string;
                                }[];
                                otherCounties: number;
                                problems: {
                                    line: number;
                                    code: string | null;
                                    reason: string;
                                }[];
                                added: {
                                    /** @description division code (6, 9 or 12 digits) */
                                    code: string;
                                    level: string;
                                    name: string;
                                }[];
                                renamed: {
                                    /** @description division code (6, 9 or 12 digits) */
                                    code: string;
                                    from: string;
                                    to: string;
                                }[];
                                unchanged: number;
                                notInFile: {
                                    /** @description division code (6, 9 or 12 digits) */
                                    code: string;
                                    name: string;
                                }[];
                            } | null;
                            boundaries: {
                                file: string;
                                format: string;
                                crs: {
                                    id: string;
                                    label: string;
                                    from: string;
                                };
                                encoding: string | null;
                                codeField: string | null;
                                nameField: string | null;
                                problem: string | null;
                                features: {
                                    /** @description 1-based position in the file */
                                    n: number;
                                    /** @description division code (6, 9 or 12 digits) */
                                    code: string | null;
                                    name: string | null;
                                    /** @enum {string} */
                                    fate: "added" | "moved" | "unchanged" | "refused" | "skipped";
                                    /** @description zh-CN: why refused or skipped */
                                    reason: string | null;
                                    /** @description ST_IsValidReason of a geometry repaired with ST_MakeValid */
                                    repaired: string | null;
                                    nameWarning: string | null;
                                    areaM2: number | null;
                                    changedM2: number | null;
                                }[];
                                added: {
                                    /** @description division code (6, 9 or 12 digits) */
                                    code: string;
                                    /** @description city (the county), town or village */
                                    level: string;
                                    name: string;
                                    oldAreaM2: number | null;
                                    newAreaM2: number | null;
                                    /** @description area of the symmetric difference: what moved */
                                    changedM2: number | null;
                                    /** @description drawn as the union of this many children (the file has no feature for it) */
                                    derivedFrom: number | null;
                                }[];
                                moved: {
                                    /** @description division code (6, 9 or 12 digits) */
                                    code: string;
                                    /** @description city (the county), town or village */
                                    level: string;
                                    name: string;
                                    oldAreaM2: number | null;
                                    newAreaM2: number | null;
                                    /** @description area of the symmetric difference: what moved */
                                    changedM2: number | null;
                                    /** @description drawn as the union of this many children (the file has no feature for it) */
                                    derivedFrom: number | null;
                                }[];
                                unchanged: number;
                                removed: {
                                    /** @description division code (6, 9 or 12 digits) */
                                    code: string;
                                    /** @description city (the county), town or village */
                                    level: string;
                                    name: string;
                                    oldAreaM2: number | null;
                                    newAreaM2: number | null;
                                    /** @description area of the symmetric difference: what moved */
                                    changedM2: number | null;
                                    /** @description drawn as the union of this many children (the file has no feature for it) */
                                    derivedFrom: number | null;
                                }[];
                            } | null;
                            cases: {
                                moved: {
                                    id: string;
                                    caseNo: string;
                                    /** @description division code (6, 9 or 12 digits) */
                                    fromCode: string;
                                    fromName: string;
                                    /** @description division code (6, 9 or 12 digits) */
                                    toCode: string | null;
                                    toName: string | null;
                                }[];
                                outside: {
                                    id: string;
                                    caseNo: string;
                                    /** @description division code (6, 9 or 12 digits) */
                                    fromCode: string;
                                    fromName: string;
                                    /** @description division code (6, 9 or 12 digits) */
                                    toCode: string | null;
                                    toName: string | null;
                                }[];
                            };
                            admin: {
                                username: string;
                                /** @enum {string} */
                                status: "created" | "exists" | "refused";
                                reason: string | null;
                            } | null;
                            problems: string[];
                        };
                    };
                };
                /** @description Error */
                400: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            /** @description stable English error code, e.g. case.invalid_transition */
                            code: string;
                            /** @description human message (zh-CN) */
                            message: string;
                            details: unknown;
                        };
                    };
                };
                /** @description Error */
                401: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            /** @description stable English error code, e.g. case.invalid_transition */
                            code: string;
                            /** @description human message (zh-CN) */
                            message: string;
                            details: unknown;
                        };
                    };
                };
                /** @description Error */
                403: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            /** @description stable English error code, e.g. case.invalid_transition */
                            code: string;
                            /** @description human message (zh-CN) */
                            message: string;
                            details: unknown;
                        };
                    };
                };
                /** @description Error */
                404: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            /** @description stable English error code, e.g. case.invalid_transition */
                            code: string;
                            /** @description human message (zh-CN) */
                            message: string;
                            details: unknown;
                        };
                    };
                };
                /** @description Error */
                409: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            /** @description stable English error code, e.g. case.invalid_transition */
                            code: string;
                            /** @description human message (zh-CN) */
                            message: string;
                            details: unknown;
                        };
                    };
                };
                /** @description Error */
                422: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            /** @description stable English error code, e.g. case.invalid_transition */
                            code: string;
                            /** @description human message (zh-CN) */
                            message: string;
                            details: unknown;
                        };
                    };
                };
            };
        };
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/setup/apply": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /**
         * Apply a previewed load (admin): the same files and the preview’s `fingerprint`; one transaction, audited
         * @description multipart/form-data: the file fields `divisions` (the division code table, CSV) and/or `boundaries` (GeoJSON, or a zipped Shapefile with .shp .shx .dbf .prj and .cpg), and the text fields `county` (the county to load from a province-wide table), `csvEncoding`, `crs` (EPSG:4490, EPSG:4513–4554, EPSG:4491–4512, EPSG:4326, GCJ02: when the file does not say), `encoding` (the Shapefile attributes, GBK or UTF-8, when it has no .cpg), `codeField`, `nameField`. The same as `npm run cli -- setup` (docs/going-live.md). The text field `fingerprint` (from the preview) is required: when the database changed since, so that the apply would write something else, nothing is written and the report says `stale`. A report with a problem (`blocked`) writes nothing either.
         */
        post: {
            parameters: {
                query?: never;
                header?: never;
                path?: never;
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description What loading the files writes (or wrote), and every problem */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            /** @description written (false for a preview, or when a problem stopped it) */
                            applied: boolean;
                            /** @description a problem stops the apply; each is listed in its section */
                            blocked: boolean;
                            /** @description the database changed since the preview whose fingerprint was given: nothing written */
                            stale: boolean;
                            /** @description how many things an apply writes (wrote); 0: the database already says what the files say */
                            changes: number;
                            /** @description digest of what an apply writes: give it back to apply exactly this preview */
                            fingerprint: string;
                            county: {
                                /** @description division code (6, 9 or 12 digits) */
                                code: string;
                                name: string;
                            } | null;
                            divisions: {
                                file: string;
                                encoding: string;
                                rows: number;
                                above: {
                                    code: string;
                                    name: string;
                                    level: string;
                                }[];
                                otherCounties: number;
                                problems: {
                                    line: number;
                                    code: string | null;
                                    reason: string;
                                }[];
                                added: {
                                    /** @description division code (6, 9 or 12 digits) */
                                    code: string;
                                    level: string;
                                    name: string;
                                }[];
                                renamed: {
                                    /** @description division code (6, 9 or 12 digits) */
                                    code: string;
                                    from: string;
                                    to: string;
                                }[];
                                unchanged: number;
                                notInFile: {
                                    /** @description division code (6, 9 or 12 digits) */
                                    code: string;
                                    name: string;
                                }[];
                            } | null;
                            boundaries: {
                                file: string;
                                format: string;
                                crs: {
                                    id: string;
                                    label: string;
                                    from: string;
                                };
                                encoding: string | null;
                                codeField: string | null;
                                nameField: string | null;
                                problem: string | null;
                                features: {
                                    /** @description 1-based position in the file */
                                    n: number;
                                    /** @description division code (6, 9 or 12 digits) */
                                    code: string | null;
                                    name: string | null;
                                    /** @enum {string} */
                                    fate: "added" | "moved" | "unchanged" | "refused" | "skipped";
                                    /** @description zh-CN: why refused or skipped */
                                    reason: string | null;
                                    /** @description ST_IsValidReason of a geometry repaired with ST_MakeValid */
                                    repaired: string | null;
                                    nameWarning: string | null;
                                    areaM2: number | null;
                                    changedM2: number | null;
                                }[];
                                added: {
                                    /** @description division code (6, 9 or 12 digits) */
                                    code: string;
                                    /** @description city (the county), town or village */
                                    level: string;
                                    name: string;
                                    oldAreaM2: number | null;
                                    newAreaM2: number | null;
                                    /** @description area of the symmetric difference: what moved */
                                    changedM2: number | null;
                                    /** @description drawn as the union of this many children (the file has no feature for it) */
                                    derivedFrom: number | null;
                                }[];
                                moved: {
                                    /** @description division code (6, 9 or 12 digits) */
                                    code: string;
                                    /** @description city (the county), town or village */
                                    level: string;
                                    name: string;
                                    oldAreaM2: number | null;
                                    newAreaM2: number | null;
                                    /** @description area of the symmetric difference: what moved */
                                    changedM2: number | null;
                                    /** @description drawn as the union of this many children (the file has no feature for it) */
                                    derivedFrom: number | null;
                                }[];
                                unchanged: number;
                                removed: {
                                    /** @description division code (6, 9 or 12 digits) */
                                    code: string;
                                    /** @description city (the county), town or village */
                                    level: string;
                                    name: string;
                                    oldAreaM2: number | null;
                                    newAreaM2: number | null;
                                    /** @description area of the symmetric difference: what moved */
                                    changedM2: number | null;
                                    /** @description drawn as the union of this many children (the file has no feature for it) */
                                    derivedFrom: number | null;
                                }[];
                            } | null;
                            cases: {
                                moved: {
                                    id: string;
                                    caseNo: string;
                                    /** @description division code (6, 9 or 12 digits) */
                                    fromCode: string;
                                    fromName: string;
                                    /** @description division code (6, 9 or 12 digits) */
                                    toCode: string | null;
                                    toName: string | null;
                                }[];
                                outside: {
                                    id: string;
                                    caseNo: string;
                                    /** @description division code (6, 9 or 12 digits) */
                                    fromCode: string;
                                    fromName: string;
                                    /** @description division code (6, 9 or 12 digits) */
                                    toCode: string | null;
                                    toName: string | null;
                                }[];
                            };
                            admin: {
                                username: string;
                                /** @enum {string} */
                                status: "created" | "exists" | "refused";
                                reason: string | null;
                            } | null;
                            problems: string[];
                        };
                    };
                };
                /** @description Error */
                400: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            /** @description stable English error code, e.g. case.invalid_transition */
                            code: string;
                            /** @description human message (zh-CN) */
                            message: string;
                            details: unknown;
                        };
                    };
                };
                /** @description Error */
                401: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            /** @description stable English error code, e.g. case.invalid_transition */
                            code: string;
                            /** @description human message (zh-CN) */
                            message: string;
                            details: unknown;
                        };
                    };
                };
                /** @description Error */
                403: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            /** @description stable English error code, e.g. case.invalid_transition */
                            code: string;
                            /** @description human message (zh-CN) */
                            message: string;
                            details: unknown;
                        };
                    };
                };
                /** @description Error */
                404: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            /** @description stable English error code, e.g. case.invalid_transition */
                            code: string;
                            /** @description human message (zh-CN) */
                            message: string;
                            details: unknown;
                        };
                    };
                };
                /** @description Error */
                409: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            /** @description stable English error code, e.g. case.invalid_transition */
                            code: string;
                            /** @description human message (zh-CN) */
                            message: string;
                            details: unknown;
                        };
                    };
                };
                /** @description Error */
                422: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            /** @description stable English error code, e.g. case.invalid_transition */
                            code: string;
                            /** @description human message (zh-CN) */
                            message: string;
                            details: unknown;
                        };
                    };
                };
            };
        };
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/alerts": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** Supervision alerts in the jurisdiction, the most severe and oldest first; never those about the reader (supervisor) */
        get: {
            parameters: {
                query?: {
                    /** @description comma-separated: open, under_review, dismissed, confirmed, referred */
                    status?: string;
                    /** @description comma-separated: closing_weak_evidence, separation_of_duties, disposal_softened, area_reduced, personal_data_outside_work, photo_reused, rejections_concentrated, deferral_renewed, closed_case_edited */
                    rule?: string;
                    /** @description comma-separated: high, medium, low */
                    severity?: string;
                    /** @description a division code: alerts on cases in it and below it */
                    division?: string;
                    /** @description UUID */
                    user?: string;
                    /** @description first China day the alert was raised */
                    from?: string;
                    /** @description last China day the alert was raised */
                    to?: string;
                    limit?: number;
                    offset?: number;
                };
                header?: never;
                path?: never;
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description Alerts, the most severe and then the oldest first */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            items: {
                                /**
                                 * Format: uuid
                                 * @description UUID
                                 */
                                id: string;
                                /**
                                 * @description the rule that raised the alert (labels: shared/alerts.ts)
                                 * @enum {string}
                                 */
                                rule: "closing_weak_evidence" | "separation_of_duties" | "disposal_softened" | "area_reduced" | "personal_data_outside_work" | "photo_reused" | "rejections_concentrated" | "deferral_renewed" | "closed_case_edited";
                                /**
                                 * @description high 高 / medium 中 / low 低
                                 * @enum {string}
                                 */
                                severity: "high" | "medium" | "low";
                                /**
                                 * @description open 待处理 → under_review 核查中 → dismissed 已排除 / confirmed 已确认 → referred 已移送
                                 * @enum {string}
                                 */
                                status: "open" | "under_review" | "dismissed" | "confirmed" | "referred";
                                caseIds: string[];
                                /** @description the people whose actions the alert is about (they never see it) */
                                userIds: string[];
                                /** Format: date-time */
                                createdAt: string;
                                /** @description what was found, in zh-CN */
                                summary: string;
                                divisionCode: string;
                                /** @description the town and village of the case */
                                placeName: string;
                                cases: {
                                    /**
                                     * Format: uuid
                                     * @description UUID
                                     */
                                    id: string;
                                    caseNo: string;
                                }[];
                                users: {
                                    /**
                                     * Format: uuid
                                     * @description UUID
                                     */
                                    id: string;
                                    displayName: string;
                                    role: string | null;
                                }[];
                            }[];
                            total: number;
                        };
                    };
                };
                /** @description Error */
                400: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            /** @description stable English error code, e.g. case.invalid_transition */
                            code: string;
                            /** @description human message (zh-CN) */
                            message: string;
                            details: unknown;
                        };
                    };
                };
                /** @description Error */
                401: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            /** @description stable English error code, e.g. case.invalid_transition */
                            code: string;
                            /** @description human message (zh-CN) */
                            message: string;
                            details: unknown;
                        };
                    };
                };
                /** @description Error */
                403: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            /** @description stable English error code, e.g. case.invalid_transition */
                            code: string;
                            /** @description human message (zh-CN) */
                            message: string;
                            details: unknown;
                        };
                    };
                };
                /** @description Error */
                404: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            /** @description stable English error code, e.g. case.invalid_transition */
                            code: string;
                            /** @description human message (zh-CN) */
                            message: string;
                            details: unknown;
                        };
                    };
                };
                /** @description Error */
                409: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            /** @description stable English error code, e.g. case.invalid_transition */
                            code: string;
                            /** @description human message (zh-CN) */
                            message: string;
                            details: unknown;
                        };
                    };
                };
                /** @description Error */
                422: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            /** @description stable English error code, e.g. case.invalid_transition */
                            code: string;
                            /** @description human message (zh-CN) */
                            message: string;
                            details: unknown;
                        };
                    };
                };
            };
        };
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/alerts/{id}": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** One alert with its evidence: the cases with numbers and places, their photos, their audit records as sentences, its steps (supervisor) */
        get: {
            parameters: {
                query?: never;
                header?: never;
                path: {
                    /** @description UUID */
                    id: string;
                };
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description An alert with its evidence and its steps */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            /**
                             * Format: uuid
                             * @description UUID
                             */
                            id: string;
                            /**
                             * @description the rule that raised the alert (labels: shared/alerts.ts)
                             * @enum {string}
                             */
                            rule: "closing_weak_evidence" | "separation_of_duties" | "disposal_softened" | "area_reduced" | "personal_data_outside_work" | "photo_reused" | "rejections_concentrated" | "deferral_renewed" | "closed_case_edited";
                            /**
                             * @description high 高 / medium 中 / low 低
                             * @enum {string}
                             */
                            severity: "high" | "medium" | "low";
                            /**
                             * @description open 待处理 → under_review 核查中 → dismissed 已排除 / confirmed 已确认 → referred 已移送
                             * @enum {string}
                             */
                            status: "open" | "under_review" | "dismissed" | "confirmed" | "referred";
                            caseIds: string[];
                            /** @description the people whose actions the alert is about (they never see it) */
                            userIds: string[];
                            /** Format: date-time */
                            createdAt: string;
                            /** @description what was found, in zh-CN */
                            summary: string;
                            divisionCode: string;
                            /** @description the town and village of the case */
                            placeName: string;
                            cases: {
                                /**
                                 * Format: uuid
                                 * @description UUID
                                 */
                                id: string;
                                caseNo: string;
                                /** @enum {string} */
                                status: "reported" | "verified" | "rejected" | "classified" | "rectifying" | "closing_requested" | "closed";
                                /** @enum {string|null} */
                                disposalClass: "demolish" | "remedy" | "defer" | null;
                                areaM2: number | null;
                                addressText: string | null;
                                townName: string;
                                villageName: string;
                                lon: number;
                                lat: number;
                            }[];
                            users: {
                                /**
                                 * Format: uuid
                                 * @description UUID
                                 */
                                id: string;
                                displayName: string;
                                role: string | null;
                            }[];
                            /** @description the version of the rule settings that raised it */
                            ruleVersion: number;
                            /** @description what was wrong beside the photos */
                            problems: {
                                code: string;
                                /** @description zh-CN */
                                label: string;
                                detail: string | null;
                            }[];
                            photos: {
                                /**
                                 * Format: uuid
                                 * @description UUID
                                 */
                                id: string;
                                /**
                                 * Format: uuid
                                 * @description UUID
                                 */
                                caseId: string;
                                /**
                                 * @description before 整改前 / during 整改中 / after 整改后
                                 * @enum {string}
                                 */
                                stage: "before" | "during" | "after";
                                sha256: string;
                                mime: string;
                                bytes: number;
                                width: number | null;
                                height: number | null;
                                /** Format: date-time */
                                capturedAt: string | null;
                                captureLon: number | null;
                                captureLat: number | null;
                                captureAccuracyM: number | null;
                                /** @description the EXIF tags read */
                                exif: {
                                    [key: string]: unknown;
                                } | null;
                                /** @description perceptual hash (hex) */
                                phash: string | null;
                                evidence: ({
                                    exifPresent: boolean;
                                    /** @enum {string|null} */
                                    locationSource: "exif" | "device" | null;
                                    gpsDistanceM: number | null;
                                    caseDistanceM: number | null;
                                    /** @enum {string|null} */
                                    timeSource: "exif" | "device" | null;
                                    captureLagS: number | null;
                                    device: string | null;
                                    flags: string[];
                                } & {
                                    [key: string]: unknown;
                                }) | null;
                                /** @description The original of a photo sent in two phases */
                                original: {
                                    /**
                                     * @description awaiting 原图上传中 (the reduced copy stands in) / verified (the original is the evidence of record) / refused (the bytes were not the original declared; the reduced copy stays the evidence)
                                     * @enum {string}
                                     */
                                    status: "awaiting" | "verified" | "refused";
                                    /** @description the SHA-256 the phone declared */
                                    sha256: string;
                                    /** @description the size the phone declared */
                                    bytes: number;
                                    /** @description where to create the tus upload (POST, with `Upload-Metadata: photoId <base64>`) */
                                    uploadPath: string;
                                    /**
                                     * Format: date-time
                                     * @description when a missing original raises the flag original_missing
                                     */
                                    dueAt: string;
                                    /**
                                     * Format: date-time
                                     * @description when the flag original_missing was raised
                                     */
                                    missingSince: string | null;
                                    /** Format: date-time */
                                    receivedAt: string | null;
                                    /** @description the hash of the bytes that arrived (refused ones too) */
                                    receivedSha256: string | null;
                                    /** @description what the refused bytes contradict: sha256, bytes, type, width, height, exif.<field>, exif, duplicate_on_case */
                                    mismatches: string[];
                                } | null;
                                /** Format: date-time */
                                uploadedAt: string;
                                urls: {
                                    original: string;
                                    /** @description ≤1280 px, watermarked */
                                    display: string;
                                    /** @description ≤256 px */
                                    thumbnail: string;
                                };
                                /** @description a photo the rule judged */
                                involved: boolean;
                                problems: {
                                    code: string;
                                    /** @description zh-CN */
                                    label: string;
                                    detail: string | null;
                                }[];
                            }[];
                            /** @description photo reuse: each later photo beside the earlier photo of another case it repeats */
                            photoPairs: {
                                /**
                                 * Format: uuid
                                 * @description UUID
                                 */
                                photoId: string;
                                /**
                                 * Format: uuid
                                 * @description UUID
                                 */
                                otherPhotoId: string;
                                /** @description bits the two perceptual hashes differ by (0: the same picture) */
                                bits: number;
                            }[];
                            /** @description the cases’ audit records, oldest first, each as a zh-CN sentence */
                            auditRecords: {
                                id: number;
                                /** Format: date-time */
                                at: string;
                                actor_id: string | null;
                                actor_name: string | null;
                                /** @description e.g. case.create, case.verify, user.login */
                                action: string;
                                entity: string;
                                entity_id: string | null;
                                /** @description the entity before (any JSON) */
                                before: unknown;
                                /** @description the entity after (any JSON) */
                                after: unknown;
                                prev_hash: string;
                                hash: string;
                                /** @description the actor as a reader names him: display name (role), 系统, or the account tried (未登录) */
                                actorLabel: string;
                                /** @description the actor’s role now (users.role) */
                                actorRole: string | null;
                                /** @description the action in zh-CN (its code when unknown) */
                                actionLabel: string;
                                /** @description the object type in zh-CN */
                                entityLabel: string;
                                /** @description the object named for a person: a case number, a paper’s number, an account’s name; never an id */
                                objectLabel: string;
                                /** @description the case the record belongs to (its own, or that of its photo, task, paper or notice) */
                                caseId: string | null;
                                caseNo: string | null;
                                /** @description the record as one zh-CN sentence, e.g. 王主任(市三改一拆办) 将 PH-2026-001011 的处置类别由 拆除 改为 暂缓 */
                                sentence: string;
                                /** @description field by field: what changed, or what was recorded */
                                changes: {
                                    field: string;
                                    /** @description the field in zh-CN */
                                    label: string;
                                    /** @description the value before, as labels and names (null: empty, or a record of what was with no before) */
                                    before: string | null;
                                    after: string | null;
                                }[];
                                /** @description a record of the actions the alert is about */
                                involved: boolean;
                            }[];
                            steps: {
                                /** Format: date-time */
                                at: string;
                                /** @enum {string} */
                                action: "raise" | "review" | "dismiss" | "confirm" | "refer";
                                /**
                                 * @description open 待处理 → under_review 核查中 → dismissed 已排除 / confirmed 已确认 → referred 已移送
                                 * @enum {string|null}
                                 */
                                fromStatus: "open" | "under_review" | "dismissed" | "confirmed" | "referred" | null;
                                /**
                                 * @description open 待处理 → under_review 核查中 → dismissed 已排除 / confirmed 已确认 → referred 已移送
                                 * @enum {string}
                                 */
                                toStatus: "open" | "under_review" | "dismissed" | "confirmed" | "referred";
                                reason: string | null;
                                /** @description the referral number (移送编号), on the refer step */
                                referralNo: string | null;
                                actorName: string;
                            }[];
                            allowedActions: ("review" | "dismiss" | "confirm" | "refer")[];
                        };
                    };
                };
                /** @description Error */
                400: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            /** @description stable English error code, e.g. case.invalid_transition */
                            code: string;
                            /** @description human message (zh-CN) */
                            message: string;
                            details: unknown;
                        };
                    };
                };
                /** @description Error */
                401: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            /** @description stable English error code, e.g. case.invalid_transition */
                            code: string;
                            /** @description human message (zh-CN) */
                            message: string;
                            details: unknown;
                        };
                    };
                };
                /** @description Error */
                403: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            /** @description stable English error code, e.g. case.invalid_transition */
                            code: string;
                            /** @description human message (zh-CN) */
                            message: string;
                            details: unknown;
                        };
                    };
                };
                /** @description Error */
                404: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            /** @description stable English error code, e.g. case.invalid_transition */
                            code: string;
                            /** @description human message (zh-CN) */
                            message: string;
                            details: unknown;
                        };
                    };
                };
                /** @description Error */
                409: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            /** @description stable English error code, e.g. case.invalid_transition */
                            code: string;
                            /** @description human message (zh-CN) */
                            message: string;
                            details: unknown;
                        };
                    };
                };
                /** @description Error */
                422: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            /** @description stable English error code, e.g. case.invalid_transition */
                            code: string;
                            /** @description human message (zh-CN) */
                            message: string;
                            details: unknown;
                        };
                    };
                };
            };
        };
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/alerts/{id}/referral.pdf": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** The referral sheet 问题线索移送单 of a referred alert (PDF) with the evidence photos, the place and the audit records with their hashes; audited (supervisor) */
        get: {
            parameters: {
                query?: never;
                header?: never;
                path: {
                    /** @description UUID */
                    id: string;
                };
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description The referral sheet (PDF) */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/pdf": string;
                    };
                };
                /** @description Error */
                400: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            /** @description stable English error code, e.g. case.invalid_transition */
                            code: string;
                            /** @description human message (zh-CN) */
                            message: string;
                            details: unknown;
                        };
                    };
                };
                /** @description Error */
                401: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            /** @description stable English error code, e.g. case.invalid_transition */
                            code: string;
                            /** @description human message (zh-CN) */
                            message: string;
                            details: unknown;
                        };
                    };
                };
                /** @description Error */
                403: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            /** @description stable English error code, e.g. case.invalid_transition */
                            code: string;
                            /** @description human message (zh-CN) */
                            message: string;
                            details: unknown;
                        };
                    };
                };
                /** @description Error */
                404: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            /** @description stable English error code, e.g. case.invalid_transition */
                            code: string;
                            /** @description human message (zh-CN) */
                            message: string;
                            details: unknown;
                        };
                    };
                };
                /** @description Error */
                409: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            /** @description stable English error code, e.g. case.invalid_transition */
                            code: string;
                            /** @description human message (zh-CN) */
                            message: string;
                            details: unknown;
                        };
                    };
                };
                /** @description Error */
                422: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            /** @description stable English error code, e.g. case.invalid_transition */
                            code: string;
                            /** @description human message (zh-CN) */
                            message: string;
                            details: unknown;
                        };
                    };
                };
            };
        };
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/alerts/{id}/actions": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /** A step of the alert: review, dismiss (with a reason), confirm, refer (移送, gets a referral number); audited (supervisor) */
        post: {
            parameters: {
                query?: never;
                header?: never;
                path: {
                    /** @description UUID */
                    id: string;
                };
                cookie?: never;
            };
            requestBody: {
                content: {
                    "application/json": {
                        /**
                         * @description review 开始核查, dismiss 排除 (reason required), confirm 确认问题, refer 移送纪委监委
                         * @enum {string}
                         */
                        action: "review" | "dismiss" | "confirm" | "refer";
                        /** @description required to dismiss */
                        reason?: string;
                    };
                };
            };
            responses: {
                /** @description An alert with its evidence and its steps */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            /**
                             * Format: uuid
                             * @description UUID
                             */
                            id: string;
                            /**
                             * @description the rule that raised the alert (labels: shared/alerts.ts)
                             * @enum {string}
                             */
                            rule: "closing_weak_evidence" | "separation_of_duties" | "disposal_softened" | "area_reduced" | "personal_data_outside_work" | "photo_reused" | "rejections_concentrated" | "deferral_renewed" | "closed_case_edited";
                            /**
                             * @description high 高 / medium 中 / low 低
                             * @enum {string}
                             */
                            severity: "high" | "medium" | "low";
                            /**
                             * @description open 待处理 → under_review 核查中 → dismissed 已排除 / confirmed 已确认 → referred 已移送
                             * @enum {string}
                             */
                            status: "open" | "under_review" | "dismissed" | "confirmed" | "referred";
                            caseIds: string[];
                            /** @description the people whose actions the alert is about (they never see it) */
                            userIds: string[];
                            /** Format: date-time */
                            createdAt: string;
                            /** @description what was found, in zh-CN */
                            summary: string;
                            divisionCode: string;
                            /** @description the town and village of the case */
                            placeName: string;
                            cases: {
                                /**
                                 * Format: uuid
                                 * @description UUID
                                 */
                                id: string;
                                caseNo: string;
                                /** @enum {string} */
                                status: "reported" | "verified" | "rejected" | "classified" | "rectifying" | "closing_requested" | "closed";
                                /** @enum {string|null} */
                                disposalClass: "demolish" | "remedy" | "defer" | null;
                                areaM2: number | null;
                                addressText: string | null;
                                townName: string;
                                villageName: string;
                                lon: number;
                                lat: number;
                            }[];
                            users: {
                                /**
                                 * Format: uuid
                                 * @description UUID
                                 */
                                id: string;
                                displayName: string;
                                role: string | null;
                            }[];
                            /** @description the version of the rule settings that raised it */
                            ruleVersion: number;
                            /** @description what was wrong beside the photos */
                            problems: {
                                code: string;
                                /** @description zh-CN */
                                label: string;
                                detail: string | null;
                            }[];
                            photos: {
                                /**
                                 * Format: uuid
                                 * @description UUID
                                 */
                                id: string;
                                /**
                                 * Format: uuid
                                 * @description UUID
                                 */
                                caseId: string;
                                /**
                                 * @description before 整改前 / during 整改中 / after 整改后
                                 * @enum {string}
                                 */
                                stage: "before" | "during" | "after";
                                sha256: string;
                                mime: string;
                                bytes: number;
                                width: number | null;
                                height: number | null;
                                /** Format: date-time */
                                capturedAt: string | null;
                                captureLon: number | null;
                                captureLat: number | null;
                                captureAccuracyM: number | null;
                                /** @description the EXIF tags read */
                                exif: {
                                    [key: string]: unknown;
                                } | null;
                                /** @description perceptual hash (hex) */
                                phash: string | null;
                                evidence: ({
                                    exifPresent: boolean;
                                    /** @enum {string|null} */
                                    locationSource: "exif" | "device" | null;
                                    gpsDistanceM: number | null;
                                    caseDistanceM: number | null;
                                    /** @enum {string|null} */
                                    timeSource: "exif" | "device" | null;
                                    captureLagS: number | null;
                                    device: string | null;
                                    flags: string[];
                                } & {
                                    [key: string]: unknown;
                                }) | null;
                                /** @description The original of a photo sent in two phases */
                                original: {
                                    /**
                                     * @description awaiting 原图上传中 (the reduced copy stands in) / verified (the original is the evidence of record) / refused (the bytes were not the original declared; the reduced copy stays the evidence)
                                     * @enum {string}
                                     */
                                    status: "awaiting" | "verified" | "refused";
                                    /** @description the SHA-256 the phone declared */
                                    sha256: string;
                                    /** @description the size the phone declared */
                                    bytes: number;
                                    /** @description where to create the tus upload (POST, with `Upload-Metadata: photoId <base64>`) */
                                    uploadPath: string;
                                    /**
                                     * Format: date-time
                                     * @description when a missing original raises the flag original_missing
                                     */
                                    dueAt: string;
                                    /**
                                     * Format: date-time
                                     * @description when the flag original_missing was raised
                                     */
                                    missingSince: string | null;
                                    /** Format: date-time */
                                    receivedAt: string | null;
                                    /** @description the hash of the bytes that arrived (refused ones too) */
                                    receivedSha256: string | null;
                                    /** @description what the refused bytes contradict: sha256, bytes, type, width, height, exif.<field>, exif, duplicate_on_case */
                                    mismatches: string[];
                                } | null;
                                /** Format: date-time */
                                uploadedAt: string;
                                urls: {
                                    original: string;
                                    /** @description ≤1280 px, watermarked */
                                    display: string;
                                    /** @description ≤256 px */
                                    thumbnail: string;
                                };
                                /** @description a photo the rule judged */
                                involved: boolean;
                                problems: {
                                    code: string;
                                    /** @description zh-CN */
                                    label: string;
                                    detail: string | null;
                                }[];
                            }[];
                            /** @description photo reuse: each later photo beside the earlier photo of another case it repeats */
                            photoPairs: {
                                /**
                                 * Format: uuid
                                 * @description UUID
                                 */
                                photoId: string;
                                /**
                                 * Format: uuid
                                 * @description UUID
                                 */
                                otherPhotoId: string;
                                /** @description bits the two perceptual hashes differ by (0: the same picture) */
                                bits: number;
                            }[];
                            /** @description the cases’ audit records, oldest first, each as a zh-CN sentence */
                            auditRecords: {
                                id: number;
                                /** Format: date-time */
                                at: string;
                                actor_id: string | null;
                                actor_name: string | null;
                                /** @description e.g. case.create, case.verify, user.login */
                                action: string;
                                entity: string;
                                entity_id: string | null;
                                /** @description the entity before (any JSON) */
                                before: unknown;
                                /** @description the entity after (any JSON) */
                                after: unknown;
                                prev_hash: string;
                                hash: string;
                                /** @description the actor as a reader names him: display name (role), 系统, or the account tried (未登录) */
                                actorLabel: string;
                                /** @description the actor’s role now (users.role) */
                                actorRole: string | null;
                                /** @description the action in zh-CN (its code when unknown) */
                                actionLabel: string;
                                /** @description the object type in zh-CN */
                                entityLabel: string;
                                /** @description the object named for a person: a case number, a paper’s number, an account’s name; never an id */
                                objectLabel: string;
                                /** @description the case the record belongs to (its own, or that of its photo, task, paper or notice) */
                                caseId: string | null;
                                caseNo: string | null;
                                /** @description the record as one zh-CN sentence, e.g. 王主任(市三改一拆办) 将 PH-2026-001011 的处置类别由 拆除 改为 暂缓 */
                                sentence: string;
                                /** @description field by field: what changed, or what was recorded */
                                changes: {
                                    field: string;
                                    /** @description the field in zh-CN */
                                    label: string;
                                    /** @description the value before, as labels and names (null: empty, or a record of what was with no before) */
                                    before: string | null;
                                    after: string | null;
                                }[];
                                /** @description a record of the actions the alert is about */
                                involved: boolean;
                            }[];
                            steps: {
                                /** Format: date-time */
                                at: string;
                                /** @enum {string} */
                                action: "raise" | "review" | "dismiss" | "confirm" | "refer";
                                /**
                                 * @description open 待处理 → under_review 核查中 → dismissed 已排除 / confirmed 已确认 → referred 已移送
                                 * @enum {string|null}
                                 */
                                fromStatus: "open" | "under_review" | "dismissed" | "confirmed" | "referred" | null;
                                /**
                                 * @description open 待处理 → under_review 核查中 → dismissed 已排除 / confirmed 已确认 → referred 已移送
                                 * @enum {string}
                                 */
                                toStatus: "open" | "under_review" | "dismissed" | "confirmed" | "referred";
                                reason: string | null;
                                /** @description the referral number (移送编号), on the refer step */
                                referralNo: string | null;
                                actorName: string;
                            }[];
                            allowedActions: ("review" | "dismiss" | "confirm" | "refer")[];
                        };
                    };
                };
                /** @description Error */
                400: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            /** @description stable English error code, e.g. case.invalid_transition */
                            code: string;
                            /** @description human message (zh-CN) */
                            message: string;
                            details: unknown;
                        };
                    };
                };
                /** @description Error */
                401: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            /** @description stable English error code, e.g. case.invalid_transition */
                            code: string;
                            /** @description human message (zh-CN) */
                            message: string;
                            details: unknown;
                        };
                    };
                };
                /** @description Error */
                403: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            /** @description stable English error code, e.g. case.invalid_transition */
                            code: string;
                            /** @description human message (zh-CN) */
                            message: string;
                            details: unknown;
                        };
                    };
                };
                /** @description Error */
                404: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            /** @description stable English error code, e.g. case.invalid_transition */
                            code: string;
                            /** @description human message (zh-CN) */
                            message: string;
                            details: unknown;
                        };
                    };
                };
                /** @description Error */
                409: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            /** @description stable English error code, e.g. case.invalid_transition */
                            code: string;
                            /** @description human message (zh-CN) */
                            message: string;
                            details: unknown;
                        };
                    };
                };
                /** @description Error */
                422: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            /** @description stable English error code, e.g. case.invalid_transition */
                            code: string;
                            /** @description human message (zh-CN) */
                            message: string;
                            details: unknown;
                        };
                    };
                };
            };
        };
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/alert-rules": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** The supervision rules: enabled, severity, thresholds with their fields and units, the zh-CN description (admin) */
        get: {
            parameters: {
                query?: never;
                header?: never;
                path?: never;
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description The supervision rules and their settings */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            items: {
                                /**
                                 * @description the rule that raised the alert (labels: shared/alerts.ts)
                                 * @enum {string}
                                 */
                                code: "closing_weak_evidence" | "separation_of_duties" | "disposal_softened" | "area_reduced" | "personal_data_outside_work" | "photo_reused" | "rejections_concentrated" | "deferral_renewed" | "closed_case_edited";
                                /** @description zh-CN */
                                label: string;
                                /** @description what the rule watches and why (zh-CN) */
                                description: string;
                                enabled: boolean;
                                /**
                                 * @description high 高 / medium 中 / low 低
                                 * @enum {string}
                                 */
                                severity: "high" | "medium" | "low";
                                thresholds: {
                                    [key: string]: number;
                                };
                                /** @description the thresholds as form fields with units and bounds */
                                fields: {
                                    key: string;
                                    label: string;
                                    unit: string;
                                    min: number;
                                    max: number;
                                    integer: boolean;
                                }[];
                                version: number;
                                /** Format: date-time */
                                updatedAt: string;
                                updatedBy: string | null;
                            }[];
                        };
                    };
                };
                /** @description Error */
                400: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            /** @description stable English error code, e.g. case.invalid_transition */
                            code: string;
                            /** @description human message (zh-CN) */
                            message: string;
                            details: unknown;
                        };
                    };
                };
                /** @description Error */
                401: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            /** @description stable English error code, e.g. case.invalid_transition */
                            code: string;
                            /** @description human message (zh-CN) */
                            message: string;
                            details: unknown;
                        };
                    };
                };
                /** @description Error */
                403: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            /** @description stable English error code, e.g. case.invalid_transition */
                            code: string;
                            /** @description human message (zh-CN) */
                            message: string;
                            details: unknown;
                        };
                    };
                };
                /** @description Error */
                404: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            /** @description stable English error code, e.g. case.invalid_transition */
                            code: string;
                            /** @description human message (zh-CN) */
                            message: string;
                            details: unknown;
                        };
                    };
                };
                /** @description Error */
                409: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            /** @description stable English error code, e.g. case.invalid_transition */
                            code: string;
                            /** @description human message (zh-CN) */
                            message: string;
                            details: unknown;
                        };
                    };
                };
                /** @description Error */
                422: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            /** @description stable English error code, e.g. case.invalid_transition */
                            code: string;
                            /** @description human message (zh-CN) */
                            message: string;
                            details: unknown;
                        };
                    };
                };
            };
        };
        /** Change one rule’s settings (admin); thresholds checked per rule, version must match, audited before → after */
        put: {
            parameters: {
                query?: never;
                header?: never;
                path?: never;
                cookie?: never;
            };
            requestBody: {
                content: {
                    "application/json": {
                        /**
                         * @description the rule that raised the alert (labels: shared/alerts.ts)
                         * @enum {string}
                         */
                        code: "closing_weak_evidence" | "separation_of_duties" | "disposal_softened" | "area_reduced" | "personal_data_outside_work" | "photo_reused" | "rejections_concentrated" | "deferral_renewed" | "closed_case_edited";
                        enabled: boolean;
                        /**
                         * @description high 高 / medium 中 / low 低
                         * @enum {string}
                         */
                        severity: "high" | "medium" | "low";
                        /** @description exactly the rule’s fields, each within its bounds */
                        thresholds: {
                            [key: string]: number;
                        };
                        /** @description the version read (optimistic locking) */
                        version: number;
                    };
                };
            };
            responses: {
                /** @description The supervision rules and their settings */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            items: {
                                /**
                                 * @description the rule that raised the alert (labels: shared/alerts.ts)
                                 * @enum {string}
                                 */
                                code: "closing_weak_evidence" | "separation_of_duties" | "disposal_softened" | "area_reduced" | "personal_data_outside_work" | "photo_reused" | "rejections_concentrated" | "deferral_renewed" | "closed_case_edited";
                                /** @description zh-CN */
                                label: string;
                                /** @description what the rule watches and why (zh-CN) */
                                description: string;
                                enabled: boolean;
                                /**
                                 * @description high 高 / medium 中 / low 低
                                 * @enum {string}
                                 */
                                severity: "high" | "medium" | "low";
                                thresholds: {
                                    [key: string]: number;
                                };
                                /** @description the thresholds as form fields with units and bounds */
                                fields: {
                                    key: string;
                                    label: string;
                                    unit: string;
                                    min: number;
                                    max: number;
                                    integer: boolean;
                                }[];
                                version: number;
                                /** Format: date-time */
                                updatedAt: string;
                                updatedBy: string | null;
                            }[];
                        };
                    };
                };
                /** @description Error */
                400: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            /** @description stable English error code, e.g. case.invalid_transition */
                            code: string;
                            /** @description human message (zh-CN) */
                            message: string;
                            details: unknown;
                        };
                    };
                };
                /** @description Error */
                401: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            /** @description stable English error code, e.g. case.invalid_transition */
                            code: string;
                            /** @description human message (zh-CN) */
                            message: string;
                            details: unknown;
                        };
                    };
                };
                /** @description Error */
                403: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            /** @description stable English error code, e.g. case.invalid_transition */
                            code: string;
                            /** @description human message (zh-CN) */
                            message: string;
                            details: unknown;
                        };
                    };
                };
                /** @description Error */
                404: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            /** @description stable English error code, e.g. case.invalid_transition */
                            code: string;
                            /** @description human message (zh-CN) */
                            message: string;
                            details: unknown;
                        };
                    };
                };
                /** @description Error */
                409: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            /** @description stable English error code, e.g. case.invalid_transition */
                            code: string;
                            /** @description human message (zh-CN) */
                            message: string;
                            details: unknown;
                        };
                    };
                };
                /** @description Error */
                422: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            /** @description stable English error code, e.g. case.invalid_transition */
                            code: string;
                            /** @description human message (zh-CN) */
                            message: string;
                            details: unknown;
                        };
                    };
                };
            };
        };
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
}
export type webhooks = Record<string, never>;
export interface components {
    schemas: never;
    responses: never;
    parameters: never;
    requestBodies: never;
    headers: never;
    pathItems: never;
}
export type $defs = Record<string, never>;
export type operations = Record<string, never>;
