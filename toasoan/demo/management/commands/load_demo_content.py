"""Fill an empty site with demo sections, authors, images and articles."""

import io
import os
import random
from datetime import timedelta
from html import escape
from itertools import product

from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.files.images import ImageFile
from django.core.management.base import BaseCommand
from django.utils import timezone
from wagtail.images import get_image_model
from wagtail.rich_text import RichText

from toasoan.demo import content
from toasoan.demo.images import draw_picture
from toasoan.demo.print_issues import load_demo_print
from toasoan.demo.videos import load_demo_videos
from toasoan.news.models import (
    ArticleAuthor,
    ArticlePage,
    Author,
    HomePage,
    SectionPage,
)

DEMO_ADMIN = "admin"
DEMO_PASSWORD = "toasoan-demo"


class Command(BaseCommand):
    help = "Load demo content (once) and make sure a demo admin account exists."

    def add_arguments(self, parser):
        parser.add_argument("--articles", type=int, default=60)
        parser.add_argument("--seed", type=int, default=2022)

    def handle(self, *args, **options):
        home = HomePage.objects.first()
        if ArticlePage.objects.exists():
            self.stdout.write("Demo content: the site already has articles, kept.")
        else:
            self.load(home, options["articles"], random.Random(options["seed"]))
        load_demo_videos(self.stdout)
        load_demo_print(self.stdout, ArticlePage.objects.live().order_by("-pk")[:3])
        self.ensure_admin()

    def ensure_admin(self):
        User = get_user_model()
        password = os.environ.get("DEMO_ADMIN_PASSWORD", DEMO_PASSWORD)
        if not settings.DEBUG and "DEMO_ADMIN_PASSWORD" not in os.environ:
            self.stdout.write("No demo admin created (DEBUG is off).")
            return
        user, created = User.objects.get_or_create(
            username=DEMO_ADMIN,
            defaults={"is_staff": True, "is_superuser": True, "email": ""},
        )
        if created:
            user.set_password(password)
            user.save()
        self.stdout.write(
            self.style.SUCCESS(
                f"Admin: {settings.WAGTAILADMIN_BASE_URL}/admin/  "
                f"user '{DEMO_ADMIN}'"
                + (f" password '{password}'" if created else " (password unchanged)")
            )
        )

    def load(self, home, count, rng):
        Image = get_image_model()
        home.title = "Trang chủ"
        home.tagline = "Tạp chí lý luận, chính trị và đời sống"
        home.save_revision(log_action=False).publish(log_action=False)

        sections = []
        for title, intro in content.SECTIONS:
            section = self.add_section(home, title, intro)
            sections.append(section)
            for sub_title, sub_intro in content.SUBSECTIONS.get(title, []):
                sections.append(self.add_section(section, sub_title, sub_intro))

        authors = [
            Author.objects.get_or_create(name=name, defaults={"job_title": job})[0]
            for name, job in content.AUTHORS
        ]
        images = []
        for i in range(12):
            image = Image(title=f"Ảnh minh họa {i + 1}")
            image.file = ImageFile(
                _bytes_file(draw_picture(i)), name=f"minh-hoa-{i + 1}.jpg"
            )
            image.save()
            images.append(image)

        now = timezone.now()
        titles = list(product(content.SUBJECTS, content.PLACES, content.ANGLES))
        rng.shuffle(titles)
        for i, (subject, place, angle) in enumerate(titles[:count]):
            section = sections[i % len(sections)]
            article = ArticlePage(
                title=f"{subject} ở {place}: {angle}",
                lead=rng.choice(content.OPENINGS).format(
                    place=place, subject=subject.lower()
                ),
                image=images[i % len(images)],
                body=self.body(rng, images),
                published_at=now - timedelta(hours=7 * i + rng.randint(0, 5)),
            )
            article.article_authors = [
                ArticleAuthor(author=author, sort_order=n)
                for n, author in enumerate(rng.sample(authors, rng.choice([1, 1, 2])))
            ]
            section.add_child(instance=article)
            article.tags.add(*rng.sample(content.TAGS, 2))
            article.save_revision(log_action=False).publish(log_action=False)
        self.stdout.write(
            self.style.SUCCESS(
                f"Demo content: {len(sections)} sections, {len(authors)} authors, "
                f"{len(images)} images, {count} articles."
            )
        )

    def add_section(self, parent, title, intro):
        section = SectionPage(title=title, intro=intro, show_in_menus=True)
        parent.add_child(instance=section)
        section.save_revision(log_action=False).publish(log_action=False)
        return section

    def body(self, rng, images):
        blocks = []
        for n in range(rng.randint(4, 7)):
            text = " ".join(rng.sample(content.SENTENCES, 3))
            blocks.append(("paragraph", RichText(f"<p>{escape(text)}</p>")))
            if n == 1:
                blocks.append(
                    (
                        "photo",
                        {
                            "image": rng.choice(images),
                            "caption": rng.choice(content.CAPTIONS),
                            "credit": "Tòa Soạn",
                        },
                    )
                )
            if n == 2 and rng.random() < 0.6:
                blocks.append(
                    ("quote", {"text": rng.choice(content.QUOTES), "attribution": ""})
                )
        return blocks


def _bytes_file(data):
    return io.BytesIO(data)
