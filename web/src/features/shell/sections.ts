// The shell's navigation: which sections exist, who sees them, and how a path maps to a page.
import type { Role } from '../../api/types';

export interface Section {
  path: string;
  label: string;
  purpose: string;
  roles: readonly Role[];
}

const EVERYONE_WHO_CHATS: readonly Role[] = ['admin', 'supervisor', 'agent'];
const MANAGERS: readonly Role[] = ['admin', 'supervisor'];

export const SECTIONS: readonly Section[] = [
  { path: '/workspace', label: 'Dashboard', purpose: 'Your presence, skills and today’s figures.', roles: EVERYONE_WHO_CHATS },
  { path: '/queue', label: 'Queue', purpose: 'Conversations waiting for an agent.', roles: EVERYONE_WHO_CHATS },
  { path: '/conversations', label: 'Conversations', purpose: 'Your conversations.', roles: EVERYONE_WHO_CHATS },
  {
    path: '/all-conversations',
    label: 'All conversations',
    purpose: 'Every conversation, filtered and searched by customer.',
    roles: MANAGERS,
  },
  {
    path: '/contacts',
    label: 'Contacts',
    purpose: 'Find a customer, see their history, correct their details and merge duplicates.',
    roles: EVERYONE_WHO_CHATS,
  },
  { path: '/wallboard', label: 'Wallboard', purpose: 'The team’s queue and agents, live.', roles: MANAGERS },
  {
    path: '/reports',
    label: 'Reports',
    purpose: 'Conversations received and closed, response and waiting times, over a period, as charts and CSV.',
    roles: MANAGERS,
  },
  { path: '/configurator', label: 'Configurator', purpose: 'Channels, users, skills, categories and routing.', roles: MANAGERS },
  {
    path: '/privacy',
    label: 'Privacy',
    purpose: 'Find a customer’s data, anonymise or erase it, read the audit log, and set how long data is kept.',
    roles: ['admin', 'dpo'],
  },
];

export const sectionsFor = (role: Role): Section[] => SECTIONS.filter((section) => section.roles.includes(role));

/** The section a path belongs to: `/conversations/abc` belongs to `/conversations`. */
export function sectionOf(path: string): Section | undefined {
  return SECTIONS.find((section) => path === section.path || path.startsWith(`${section.path}/`));
}

/** The part of the path after the section, e.g. "abc" for `/conversations/abc`; "" for the section itself. */
export const subPath = (path: string, section: Section): string => path.slice(section.path.length + 1);

export const ACCOUNT_LINKS: readonly { path: string; label: string }[] = [
  { path: '/account/profile', label: 'Profile' },
  { path: '/account/sessions', label: 'Sessions' },
  { path: '/cookies', label: 'Cookies' },
];

export const homePathFor = (role: Role): string => (role === 'dpo' ? '/privacy' : '/workspace');
export const HOME_PATH = '/workspace';
