"""What the images pane's keys do: ask (dialogs), run (workers / operation modals), report."""

from __future__ import annotations

import os
import shlex
from collections.abc import Callable
from typing import TYPE_CHECKING

from tui.engine.core.errors import EngineError
from tui.engine.images import registry_auth
from tui.save_folder import save_path
from tui.screens.images.image_build import ImageBuildScreen
from tui.screens.images.image_dialogs import FormDialog, FormField, RemoveChoice, RemoveImageDialog
from tui.screens.images.image_history import ImageHistoryScreen
from tui.screens.images.image_operation import ImageOperationScreen, Run
from tui.screens.images.registry_search import RegistrySearchScreen
from tui.screens.shell.app_settings import settings_of

if TYPE_CHECKING:
    from tui.screens.images.images_pane import ImagesPane


def _error(pane: ImagesPane, title: str, message: str) -> None:
    pane.app.call_from_thread(
        pane.notify, message, title=title, severity="error", markup=False, timeout=10
    )


def _info(pane: ImagesPane, title: str, message: str) -> None:
    pane.app.call_from_thread(pane.notify, message, title=title, markup=False)


def _in_thread(pane: ImagesPane, group: str, title: str, job: Callable[[], str | None]) -> None:
    """Run a short blocking engine call in a worker; notify its result or error."""

    def work() -> None:
        try:
            message = job()
        except EngineError as error:
            _error(pane, title, error.message)
        else:
            if message:
                _info(pane, title, message)

    pane.run_worker(work, thread=True, exclusive=True, group=group)


def _key_of(pane: ImagesPane, binding_id: str, default: str) -> str:
    """The key bound (after the user's keymap) to a binding id of the focused screen."""
    for key, active in pane.screen.active_bindings.items():
        if active.binding.id == binding_id:
            return pane.app.get_key_display(active.binding) or key
    return default


def _operation(pane: ImagesPane, title: str, run: Run) -> None:
    def done(result: str | None) -> None:
        pane.focus_table()
        if result:
            pane.notify(result, title=title, markup=False)

    pane.app.push_screen(ImageOperationScreen(pane.session, title, run), done)


def history(pane: ImagesPane) -> None:
    row = pane.current
    if row is not None:
        pane.app.push_screen(ImageHistoryScreen(pane.session, row.reference, row.image.id))


def pull(pane: ImagesPane, reference: str = "") -> None:
    def chosen(values: dict[str, str] | None) -> None:
        ref = (values or {}).get("reference", "").strip()
        if ref:
            _operation(
                pane, f"Pull {ref}", lambda h, report: pane.session.images.pull(h, ref, report)
            )

    pane.app.push_screen(
        FormDialog(
            "Pull an image",
            [FormField("reference", "Image", reference, "registry/repository:tag")],
        ),
        chosen,
    )


def push(pane: ImagesPane) -> None:
    row = pane.current
    if row is None:
        return
    default = row.reference if row.image.repo_tags else ""

    def chosen(values: dict[str, str] | None) -> None:
        ref = (values or {}).get("reference", "").strip()
        if not ref:
            return

        login_key = _key_of(pane, "images.login", "g")

        def run(handle, report) -> str:
            images = pane.session.images
            if ref not in row.image.repo_tags:  # push under a new name: tag it first
                images.tag(row.image.id, ref)
            try:
                return images.push(handle, ref, report)
            except EngineError as error:
                if not registry_auth.needs_login(error.message):
                    raise
                hint = f"log in to the registry first: {login_key} (images.login)"
                raise EngineError(f"{error.message}\n{hint}") from error

        _operation(pane, f"Push {ref}", run)

    pane.app.push_screen(
        FormDialog(
            f"Push {row.reference}",
            [FormField("reference", "As", default, "registry-host:port/repository:tag")],
        ),
        chosen,
    )


def tag(pane: ImagesPane) -> None:
    row = pane.current
    if row is None:
        return

    def chosen(values: dict[str, str] | None) -> None:
        ref = (values or {}).get("reference", "").strip()
        if ref:

            def job() -> str:
                pane.session.images.tag(row.image.id, ref)
                return f"tagged {ref}"

            _in_thread(pane, "images-tag", "Tag", job)

    pane.app.push_screen(
        FormDialog(f"Tag {row.reference}", [FormField("reference", "New tag", "", "repo:tag")]),
        chosen,
    )


def remove(pane: ImagesPane) -> None:
    row = pane.current
    if row is None or settings_of(pane).read_only:
        return

    def chosen(choice: RemoveChoice | None) -> None:
        if choice is None:
            return

        def job() -> str:
            lines = pane.session.images.remove(
                row.reference,
                row.image.id,
                force=choice.force,
                noprune=choice.noprune,
            )
            return "\n".join(lines[:8]) or f"removed {row.reference}"

        _in_thread(pane, "images-remove", "Remove", job)

    pane.app.push_screen(RemoveImageDialog(row), chosen)


def build(pane: ImagesPane) -> None:
    def done(image_id: str | None) -> None:
        pane.focus_table()
        if image_id:
            pane.select_after_refresh = image_id
            pane.list_worker()

    pane.app.push_screen(ImageBuildScreen(pane.session, context=os.getcwd()), done)


def save(pane: ImagesPane) -> None:
    row = pane.current
    default = row.reference if row is not None else ""

    def chosen(values: dict[str, str] | None) -> None:
        if not values:
            return
        names = shlex.split(values.get("images", ""))
        path = values.get("path", "")
        estimate = sum(
            r.image.size for r in pane.table.rows_by_key.values() if r.reference in names
        )
        _operation(
            pane,
            f"Save to {path}",
            lambda h, report: pane.session.images.save(h, names, path, estimate, report),
        )

    safe_name = default.replace("/", "_").replace(":", "_") or "images"
    pane.app.push_screen(
        FormDialog(
            "Save images to a tar file",
            [
                FormField("images", "Images (space separated)", default),
                FormField("path", "File", save_path(f"{safe_name}.tar")),
            ],
        ),
        chosen,
    )


def load(pane: ImagesPane) -> None:
    def chosen(values: dict[str, str] | None) -> None:
        path = (values or {}).get("path", "").strip()
        if path:
            _operation(
                pane, f"Load {path}", lambda h, report: pane.session.images.load(h, path, report)
            )

    pane.app.push_screen(
        FormDialog("Load images from a tar file", [FormField("path", "File", "", "images.tar")]),
        chosen,
    )


def import_tar(pane: ImagesPane) -> None:
    def chosen(values: dict[str, str] | None) -> None:
        if not values or not values.get("path", "").strip():
            return
        path, ref = values["path"].strip(), values.get("reference", "").strip()
        changes = [c for c in values.get("changes", "").split(";") if c.strip()]
        _operation(
            pane,
            f"Import {path}",
            lambda h, report: pane.session.images.import_rootfs(h, path, ref, changes, report),
        )

    pane.app.push_screen(
        FormDialog(
            "Import a root filesystem tar as an image",
            [
                FormField("path", "File", "", "rootfs.tar"),
                FormField("reference", "Repository:tag", "", "myimage:1.0"),
                FormField("changes", "Dockerfile changes (; separated)", "", 'CMD ["sh"]'),
            ],
        ),
        chosen,
    )


def login(pane: ImagesPane, registry: str = "", username: str = "", error: str = "") -> None:
    """The login form; a refused login brings it back with the registry and user kept."""

    def chosen(values: dict[str, str] | None) -> None:
        if not values:
            return
        given = values.get("registry", "").strip()
        registry = given or "docker.io"
        username = values.get("username", "").strip()
        secret = [values.pop("password", "")]  # handed over once, then dropped
        values.clear()

        def work() -> None:
            password = secret.pop()
            try:
                status = pane.session.images.login(registry, username, password)
            except EngineError as refused:
                pane.app.call_from_thread(login, pane, given, username, refused.message)
            else:
                _info(pane, "Login", f"{registry}: {status}")
            finally:
                del password

        pane.run_worker(work, thread=True, exclusive=True, group="images-login")

    pane.app.push_screen(
        FormDialog(
            "Log in to a registry",
            [
                FormField("registry", "Registry", registry, "docker.io or host:port"),
                FormField("username", "User", username),
                FormField("password", "Password", password=True),
            ],
            hint="stored like `docker login` ($DOCKER_CONFIG/config.json or its credential helper)",
            error=f"Login failed: {error}" if error else "",
            focus="password" if error else "",
        ),
        chosen,
    )


def logout(pane: ImagesPane) -> None:
    def chosen(values: dict[str, str] | None) -> None:
        registry = (values or {}).get("registry", "").strip()
        if not registry:
            return

        def job() -> str:
            user = pane.session.images.logged_in_user(registry)
            if not pane.session.images.logout(registry):
                return f"not logged in to {registry}"
            return f"logged out of {registry}" + (f" ({user})" if user else "")

        _in_thread(pane, "images-logout", "Logout", job)

    pane.app.push_screen(
        FormDialog("Log out of a registry", [FormField("registry", "Registry", "", "host:port")]),
        chosen,
    )


def search(pane: ImagesPane) -> None:
    def chosen(reference: str | None) -> None:
        pane.focus_table()
        if reference:
            pull(pane, reference)

    pane.app.push_screen(RegistrySearchScreen(pane.session), chosen)
