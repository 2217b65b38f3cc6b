"""19.0.1.3.0: a management workbook is its requester's.

Workbooks made in the background were attached to the requester's user
record, and every employee reads users: every employee found and downloaded
them. A workbook whose wizard still exists is attached to its wizard (read
by its requester and the Key Accounts Administrators, as the foreground
ones are); an older one, whose wizard has been cleaned up, stays in its
requester's inbox as his own file (an attachment without a record is read
by whoever made it and by the administrators only)."""

XLSX = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet'


def migrate(cr, version):
    cr.execute("""
        UPDATE ir_attachment a
           SET res_model = 'kam.export.wizard', res_id = w.id
          FROM kam_export_wizard w
         WHERE w.attachment_id = a.id AND a.res_model = 'res.users'
    """)
    cr.execute("""
        UPDATE ir_attachment a
           SET create_uid = a.res_id, res_model = NULL, res_id = NULL
         WHERE a.res_model = 'res.users' AND a.res_field IS NULL AND a.mimetype = %s
           AND EXISTS (SELECT 1
                         FROM message_attachment_rel r
                         JOIN mail_message m ON m.id = r.message_id
                        WHERE r.attachment_id = a.id AND m.message_type = 'user_notification')
    """, [XLSX])
