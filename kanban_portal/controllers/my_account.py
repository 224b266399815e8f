from odoo.addons.account.controllers.portal import PortalAccount


class PortalMyAccount(PortalAccount):
    def _validate_address_values(self, address_values, partner_sudo, *args, **kwargs):
        """A many2one commercial field submitted with the id it already has is
        no change.

        Odoo refuses a change of a commercial field on a contact of a company
        ("The ... is managed on your company account."), comparing the stored
        record with the submitted id: a record never equals an id, so the
        unchanged value a form sends back (e.g. the identification type that
        l10n_latam_base puts in a hidden input) was refused too, and the contact
        could not save their details at all. Unchanged values are dropped here,
        as Odoo drops the unchanged ones it recognises.
        """
        if partner_sudo and partner_sudo != partner_sudo.commercial_partner_id:
            for fname in partner_sudo._commercial_fields():
                field = partner_sudo._fields.get(fname)
                if (
                    field
                    and field.type == "many2one"
                    and fname in address_values
                    and address_values[fname] == partner_sudo[fname].id
                ):
                    del address_values[fname]
        return super()._validate_address_values(address_values, partner_sudo, *args, **kwargs)
