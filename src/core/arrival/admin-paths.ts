/** The admin API's paths, in any case (Express matches paths regardless of case). */
const ADMIN_PATH = /^\/__admin(\/|$)/i;

export function isOwnAdminPath(path: string): boolean {
  return ADMIN_PATH.test(path);
}
