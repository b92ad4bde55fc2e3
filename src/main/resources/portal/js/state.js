// What every page needs to know about the shell: the signed-in role and the page title.

const ROLE_RANK = { viewer: 1, operator: 2, admin: 3 };

/** What the signed-in key may do, from GET /auth/me (docs/security.md: viewer reads, operator runs, admin writes). */
export const me = {
  role: null,
  name: null,
  can(role) {
    return (ROLE_RANK[this.role] || 0) >= ROLE_RANK[role];
  },
};

/** The page's title, in the top bar and the browser tab. */
export function setTitle(text) {
  const title = document.getElementById('page-title');
  if (title) title.textContent = text;
  document.title = text + ' · device-jobs';
}
