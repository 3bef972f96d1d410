/**
 * The two ids Clumio's public API fixes: the Super Admin role and the Global organizational unit (they are
 * the same string). Their own module, free of everything else, because the console uses them too.
 */
export const SUPER_ADMIN_ROLE_ID = '00000000-0000-0000-0000-000000000000';
export const GLOBAL_OU_ID = '00000000-0000-0000-0000-000000000000';
