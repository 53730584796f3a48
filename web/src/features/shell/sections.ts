// The shell's navigation. Sections are filled by later work; until then each shows an honest empty state.

export interface Section {
  path: string;
  label: string;
  purpose: string;
}

export const SECTIONS: readonly Section[] = [
  { path: '/workspace', label: 'Workspace', purpose: 'Your assigned conversations and your presence will appear here.' },
  { path: '/queue', label: 'Queue', purpose: 'Waiting conversations and live queue statistics will appear here.' },
  {
    path: '/conversations',
    label: 'Conversations',
    purpose: 'Ongoing and closed conversations will be listed and searchable here.',
  },
  {
    path: '/configurator',
    label: 'Configurator',
    purpose: 'Channels, skills, categories and routing rules will be set up here.',
  },
  {
    path: '/privacy',
    label: 'Privacy',
    purpose: 'The audit trail, data exports, retention and consent will be managed here.',
  },
];

export const ACCOUNT_LINKS: readonly { path: string; label: string }[] = [
  { path: '/account/profile', label: 'Profile' },
  { path: '/account/sessions', label: 'Sessions' },
  { path: '/cookies', label: 'Cookies' },
];

export const HOME_PATH = '/workspace';
