# Sphinx configuration of the cloudvpn.ipsec documentation site (scripts/docs).
# GNU General Public License v3.0+ (see LICENSES/GPL-3.0-or-later.txt or https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later
"""Sphinx settings for the HTML that antsibull-docs' RST becomes (based on `antsibull-docs sphinx-init`)."""

project = "cloudvpn.ipsec"
copyright = "cloudvpn.ipsec contributors"  # pylint: disable=redefined-builtin
title = "cloudvpn.ipsec documentation"
html_short_title = "cloudvpn.ipsec"

extensions = ["sphinx.ext.autodoc", "sphinx_antsibull_ext"]
pygments_style = "ansible"
highlight_language = "YAML+Jinja"

html_theme = "sphinx_ansible_theme"
html_show_sphinx = False
display_version = False
html_use_smartypants = True
html_use_modindex = False
html_use_index = False
html_copy_source = False

# No intersphinx: the build must not need the network. References to other collections'
# pages (ansible.builtin) are rendered as plain text by antsibull-docs' --no-... defaults.
default_role = "any"
nitpicky = True
