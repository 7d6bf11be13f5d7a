/** What the audit trail records: every staff action, and every failed entry into staff mode (the core writes them, the manager's screen names them). */
export const auditActions = [
  'staff_mode_opened',
  'staff_mode_closed',
  'staff_entry_failed',
  'staff_number_deactivated',
  'staff_number_locked',
  'pin_set',
  'unlock_id',
  'temporary_password',
  'id_lookup',
  'mail_retry',
  'settings_changed',
  'staff_added',
  'staff_deactivated',
  'staff_pin_reset',
  'kiosk_quit',
  'day_report_printed',
] as const;
export type AuditAction = (typeof auditActions)[number];
