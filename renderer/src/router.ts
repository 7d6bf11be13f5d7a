import { createRouter } from 'vue-router';
import { createSingleEntryHistory } from './single-entry-history';
import { useSessionStore } from './session/use-session-store';
import { useStaffStore } from './staff/use-staff-store';

/**
 * Memory history: the browser's own history never holds a customer's page,
 * so "back" (a mouse button, Alt+←) cannot bring one back.
 */
export const router = createRouter({
  history: createSingleEntryHistory(),
  routes: [
    { path: '/', name: 'welcome', component: () => import('./welcome/WelcomeScreen.vue') },
    { path: '/sign-in', name: 'sign-in', component: () => import('./session/SignInScreen.vue') },
    { path: '/password-reset', name: 'password-reset', component: () => import('./password-reset/PasswordResetWizard.vue') },
    { path: '/print/password-reset', name: 'password-reset-print', component: () => import('./password-reset/PasswordResetPrintView.vue') },
    {
      path: '/set-password',
      name: 'set-password',
      component: () => import('./session/SetPasswordScreen.vue'),
      meta: { requiresCustomer: true },
    },
    {
      path: '/my-page',
      component: () => import('./layout/MyPageLayout.vue'),
      meta: { requiresCustomer: true },
      children: [
        { path: '', name: 'top', component: () => import('./my-page/TopScreen.vue') },
        { path: 'customer-info', name: 'customer-info', component: () => import('./account/CustomerInfoScreen.vue') },
        { path: 'account', name: 'account', component: () => import('./account/AccountScreen.vue') },
        { path: 'help', name: 'help', component: () => import('./help/HelpScreen.vue') },
        { path: 'id-change', name: 'id-change', component: () => import('./id-change/IdChangeWizard.vue') },
        {
          path: 'password-change',
          name: 'password-change',
          component: () => import('./password-change/PasswordChangeWizard.vue'),
        },
      ],
    },
    {
      path: '/staff',
      name: 'staff',
      component: () => import('./staff/StaffScreen.vue'),
      meta: { requiresStaff: true },
    },
    {
      path: '/print/id-change',
      name: 'id-change-print',
      component: () => import('./id-change/IdChangePrintView.vue'),
      meta: { requiresCustomer: true },
    },
    {
      path: '/print/password-change',
      name: 'password-change-print',
      component: () => import('./password-change/PasswordPrintView.vue'),
      meta: { requiresCustomer: true },
    },
  ],
});

router.beforeEach((to) => {
  const session = useSessionStore();
  if (to.matched.some((record) => record.meta.requiresCustomer) && !session.signedIn) {
    return { name: 'welcome' };
  }
  // A temporary password opens nothing but setting a new one (the core refuses the rest anyway).
  if (session.customer?.mustChangePassword && to.name !== 'set-password' && to.name !== 'welcome') return { name: 'set-password' };
  if (to.meta.requiresStaff && !useStaffStore().open) return { name: 'welcome' };
  return true;
});
