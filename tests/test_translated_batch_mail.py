"""A batch builds, drafts and e-mails each patient's handout in the row's language."""

from __future__ import annotations

from pathlib import Path

from conftest import files_in, pdf_text, run


def test_a_batch_makes_each_handout_in_its_own_language(demo: Path) -> None:
    (demo / "list.csv").write_text("name,level,date,language\nAna Ruiz,2,2026-11-24,es\n"
                                   "Jo Smith,2,2026-11-24,\nLi Wei,1,2026-11-24,es-MX\n")
    result = run("batch", "list.csv", "--jobs", "1", cwd=demo)
    assert result.exit_code == 0, result.output
    folder = demo / "out" / "list"
    # Named as `pdfgen handout --patient … --language …` names them: '-es' for es-MX too.
    assert [f for f in files_in(folder) if f.endswith(".pdf")] == [
        "back-pain-level-1-li-wei-es.pdf", "back-pain-level-2-ana-ruiz-es.pdf",
        "back-pain-level-2-jo-smith.pdf"]
    ana = pdf_text(folder / "back-pain-level-2-ana-ruiz-es.pdf")
    jo = pdf_text(folder / "back-pain-level-2-jo-smith.pdf")
    li = pdf_text(folder / "back-pain-level-1-li-wei-es.pdf")
    assert "Preparado para Ana Ruiz el 24 de noviembre de 2026" in ana
    assert "Prepared for Jo Smith on November 24, 2026" in jo and "Nivel" not in jo
    assert "Preparado para Li Wei el 24 de noviembre de 2026" in li


def test_a_batch_row_in_an_unknown_language_fails_alone(demo: Path) -> None:
    (demo / "list.csv").write_text("name,level,language\nAna Ruiz,2,xx\nJo Smith,2,\n")
    result = run("batch", "list.csv", "--jobs", "1", cwd=demo)
    assert result.exit_code != 0
    assert "language xx: unknown language code" in result.output
    assert [f for f in files_in(demo / "out" / "list") if f.endswith(".pdf")] == [
        "back-pain-level-2-jo-smith.pdf"]


def test_the_email_is_in_the_handouts_language(demo: Path) -> None:
    import email
    from email import policy

    result = run("email", "--level", "2", "--language", "es", "--date", "2026-11-24",
                 "--to", "ana@example.com", "--draft", cwd=demo)
    assert result.exit_code == 0, result.output
    message = email.message_from_bytes((demo / "out" / "back-pain-level-2-es.eml")
                                       .read_bytes(), policy=policy.default)
    assert message["Subject"] == "Su hoja de ejercicios de Mangrove Bay Chiropractic"
    text = message.get_body(("plain",)).get_content()
    html = message.get_body(("html",)).get_content()
    assert text.startswith("Hola:\n\nLe enviamos su hoja de ejercicios")
    assert "Teléfono: (813)\u00a0555-0142" in text or "Teléfono: (813) 555-0142" in text
    assert '<html lang="es">' in html and "llámenos al <strong>" in html
    names = [part.get_filename() for part in message.iter_attachments()]
    assert names == ["hoja-de-ejercicios-2026-11-24.pdf"]
    for english in ("Hello", "attached", "Phone:", "exercise-handout"):
        assert english not in text + html + str(names)


def test_a_batch_draft_is_in_the_rows_language(demo: Path) -> None:
    import email
    from email import policy

    (demo / "list.csv").write_text("name,level,date,email,language\n"
                                   "Ana Ruiz,2,2026-11-24,ana@example.com,es\n")
    result = run("batch", "list.csv", "--draft", "--jobs", "1", cwd=demo)
    assert result.exit_code == 0, result.output
    draft = demo / "out" / "list" / "back-pain-level-2-ana-ruiz-es.eml"
    message = email.message_from_bytes(draft.read_bytes(), policy=policy.default)
    assert message["Subject"] == "Su hoja de ejercicios de Mangrove Bay Chiropractic"
    assert [p.get_filename() for p in message.iter_attachments()] == [
        "hoja-de-ejercicios-2026-11-24.pdf"]


def test_a_spanish_mail_reaches_a_real_server_in_spanish(demo: Path) -> None:
    from aiosmtpd.controller import Controller
    from mail_helpers import Mailbox, free_port, mail_env, received, run_email

    box = Mailbox()
    controller = Controller(box, hostname="127.0.0.1", port=free_port())
    controller.start()
    try:
        env = {k: v for k, v in mail_env(controller.port).items() if k != "PDFGEN_SMTP_USER"}
        result = run_email(demo, env, "--language", "es", "--date", "2026-11-24",
                           "--to", "ana@example.com")
    finally:
        controller.stop()
    assert (result.returncode, result.stderr) == (0, ""), result.stderr
    assert result.stdout.startswith("Sent out/back-pain-level-2-es.pdf to ana@example.com")
    message = received(box)
    assert message["Subject"] == "Su hoja de ejercicios de Mangrove Bay Chiropractic"
    assert message.get_body(("plain",)).get_content().startswith("Hola:")
    (attachment,) = list(message.iter_attachments())
    assert attachment.get_filename() == "hoja-de-ejercicios-2026-11-24.pdf"
    assert attachment.get_content() == (demo / "out" / "back-pain-level-2-es.pdf").read_bytes()
