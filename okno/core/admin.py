"""What the back offices of several apps share."""


class ReadOnlyAdmin:
    """A back-office page to look records up, never to add, change or delete them: rows
    that only their services write (appeals, letters, proposals), each with its log."""

    def has_add_permission(self, request, obj=None):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False
