/* placeholder.c - keeps the UI library non-empty until the terminal layer lands. */
int ui_placeholder(void);
int
ui_placeholder(void)
{
	return 0;
}
