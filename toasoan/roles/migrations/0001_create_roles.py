"""Create the newsroom's groups, their permissions and the review workflow."""

from django.contrib.auth.management import create_permissions
from django.db import migrations

from toasoan.roles import definitions as roles


def _ensure_permissions(apps):
    # Permissions are normally created after migrate; the groups need them now.
    for app_config in apps.get_app_configs():
        app_config.models_module = True
        create_permissions(app_config, apps=apps, verbosity=0)
        app_config.models_module = None


def _permission(apps, dotted):
    Permission = apps.get_model("auth.Permission")
    app_label, codename = dotted.split(".")
    return Permission.objects.get(content_type__app_label=app_label, codename=codename)


def create_roles(apps, schema_editor):
    _ensure_permissions(apps)
    Group = apps.get_model("auth.Group")
    Page = apps.get_model("wagtailcore.Page")
    Collection = apps.get_model("wagtailcore.Collection")
    GroupPagePermission = apps.get_model("wagtailcore.GroupPagePermission")
    GroupCollectionPermission = apps.get_model("wagtailcore.GroupCollectionPermission")
    Workflow = apps.get_model("wagtailcore.Workflow")
    WorkflowPage = apps.get_model("wagtailcore.WorkflowPage")
    GroupApprovalTask = apps.get_model("wagtailcore.GroupApprovalTask")
    WorkflowTask = apps.get_model("wagtailcore.WorkflowTask")
    ContentType = apps.get_model("contenttypes.ContentType")

    root_page = Page.objects.get(depth=1)
    root_collection = Collection.objects.get(depth=1)
    groups = {}
    for name in roles.ALL_ROLES:
        group, _ = Group.objects.get_or_create(name=name)
        groups[name] = group
        for dotted in roles.MODEL_PERMISSIONS[name]:
            group.permissions.add(_permission(apps, dotted))
        for codename in roles.PAGE_PERMISSIONS[name]:
            GroupPagePermission.objects.get_or_create(
                group=group,
                page=root_page,
                permission=_permission(apps, f"wagtailcore.{codename}"),
            )
        for dotted in roles.COLLECTION_PERMISSIONS[name]:
            GroupCollectionPermission.objects.get_or_create(
                group=group,
                collection=root_collection,
                permission=_permission(apps, dotted),
            )

    # Wagtail's sample groups and workflow would only confuse the newsroom.
    for name in ("Moderators", "Editors"):
        Group.objects.filter(name=name, user__isnull=True).delete()
    WorkflowPage.objects.filter(page=root_page).delete()
    Workflow.objects.filter(name="Moderators approval").update(active=False)

    task_ct, _ = ContentType.objects.get_or_create(
        app_label="wagtailcore", model="groupapprovaltask"
    )
    task, _ = GroupApprovalTask.objects.get_or_create(
        name=roles.WORKFLOW_TASK_NAME, defaults={"content_type": task_ct}
    )
    task.groups.set([groups[name] for name in roles.WORKFLOW_APPROVERS])
    workflow, _ = Workflow.objects.get_or_create(name=roles.WORKFLOW_NAME)
    WorkflowTask.objects.get_or_create(workflow=workflow, task=task, sort_order=0)
    WorkflowPage.objects.create(workflow=workflow, page=root_page)


def remove_roles(apps, schema_editor):
    apps.get_model("auth.Group").objects.filter(name__in=roles.ALL_ROLES).delete()
    apps.get_model("wagtailcore.Workflow").objects.filter(
        name=roles.WORKFLOW_NAME
    ).delete()


class Migration(migrations.Migration):
    dependencies = [
        ("news", "0002_create_homepage"),
        ("wagtailcore", "0098_apitoken"),
        ("wagtailimages", "0027_image_description"),
        ("wagtaildocs", "0014_alter_document_file_size"),
        ("wagtailadmin", "0006_formstate"),
        ("wagtailredirects", "0008_add_verbose_name_plural"),
        ("auth", "0012_alter_user_first_name_max_length"),
    ]

    operations = [migrations.RunPython(create_roles, remove_roles)]
