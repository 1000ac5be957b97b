from django.core.management.base import BaseCommand

from speechapp.collection.reminders import due_links, send_reminders


class Command(BaseCommand):
    help = (
        "E-mail a reminder to every office of an open collection round that has not submitted "
        "and was not reminded within its round's period (for cron)."
    )

    def handle(self, *args, **options):
        sent = send_reminders(due_links())
        self.stdout.write(f"sent {len(sent)} reminder(s)")
