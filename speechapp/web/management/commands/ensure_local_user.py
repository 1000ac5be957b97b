import secrets

from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand

from speechapp.settings import VAR_DIR


class Command(BaseCommand):
    help = "Make sure a local login exists and print it (the password is kept in var/)."

    def add_arguments(self, parser):
        parser.add_argument("--username", default="writer")
        parser.add_argument("--url", default="http://127.0.0.1:8000/", help="where the app runs")

    def handle(self, *args, **options):
        username = options["username"]
        secret_file = VAR_DIR / f"{username}.password"
        user_model = get_user_model()
        user = user_model.objects.filter(username=username).first()
        if user is None or not secret_file.exists():
            password = secrets.token_urlsafe(9)
            if user is None:
                user = user_model(username=username)
            user.set_password(password)
            user.save()
            secret_file.write_text(password)
            secret_file.chmod(0o600)
        password = secret_file.read_text().strip()
        self.stdout.write(
            self.style.SUCCESS(f"登录 / login: 用户名 {username}  密码 {password}")
            + f"  → {options['url']}"
        )
