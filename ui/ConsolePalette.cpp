#include "ConsolePalette.h"

#include <QApplication>
#include <QPalette>
#include <QStyle>
#include <QStyleFactory>

namespace streamsync::ui {

namespace {

QPalette darkPalette()
{
    QPalette p;
    const QColor window(0x2b, 0x2d, 0x31);
    const QColor base(0x1f, 0x21, 0x24);
    const QColor text(0xe6, 0xe6, 0xe6);
    const QColor disabled(0x80, 0x80, 0x80);
    p.setColor(QPalette::Window, window);
    p.setColor(QPalette::WindowText, text);
    p.setColor(QPalette::Base, base);
    p.setColor(QPalette::AlternateBase, QColor(0x27, 0x29, 0x2d));
    p.setColor(QPalette::ToolTipBase, QColor(0x3a, 0x3d, 0x42));
    p.setColor(QPalette::ToolTipText, text);
    p.setColor(QPalette::PlaceholderText, QColor(0xa0, 0xa4, 0xaa));
    p.setColor(QPalette::Text, text);
    p.setColor(QPalette::Button, QColor(0x35, 0x37, 0x3c));
    p.setColor(QPalette::ButtonText, text);
    p.setColor(QPalette::BrightText, Qt::white);
    p.setColor(QPalette::Highlight, QColor(0x3b, 0x82, 0xc4));
    p.setColor(QPalette::HighlightedText, Qt::white);
    p.setColor(QPalette::Link, QColor(0x6c, 0xb0, 0xf0));
    p.setColor(QPalette::Mid, QColor(0x45, 0x48, 0x4d));
    p.setColor(QPalette::Dark, QColor(0x18, 0x19, 0x1b));
    p.setColor(QPalette::Light, QColor(0x4a, 0x4d, 0x52));
    for (auto role : {QPalette::WindowText, QPalette::Text, QPalette::ButtonText})
        p.setColor(QPalette::Disabled, role, disabled);
    return p;
}

// What the application looked like before the console changed it, for going back to System.
struct Original
{
    QString style;
    QPalette palette;
};

const Original &original()
{
    static const Original saved{QApplication::style()->name(), QApplication::palette()};
    return saved;
}

} // namespace

PaletteChoice paletteFromName(const QString &name)
{
    if (name.compare(QLatin1String("dark"), Qt::CaseInsensitive) == 0)
        return PaletteChoice::Dark;
    if (name.compare(QLatin1String("light"), Qt::CaseInsensitive) == 0)
        return PaletteChoice::Light;
    return PaletteChoice::System;
}

QString paletteName(PaletteChoice choice)
{
    switch (choice) {
    case PaletteChoice::Dark:
        return QStringLiteral("dark");
    case PaletteChoice::Light:
        return QStringLiteral("light");
    case PaletteChoice::System:
        break;
    }
    return QStringLiteral("system");
}

void applyPalette(PaletteChoice choice)
{
    const Original &before = original();
    if (choice == PaletteChoice::System) {
        QApplication::setStyle(QStyleFactory::create(before.style));
        QApplication::setPalette(before.palette);
        return;
    }
    // Fusion draws every control from the palette, so both palettes look finished.
    QApplication::setStyle(QStyleFactory::create(QStringLiteral("Fusion")));
    QApplication::setPalette(
        choice == PaletteChoice::Dark ? darkPalette() : QApplication::style()->standardPalette());
}

} // namespace streamsync::ui
