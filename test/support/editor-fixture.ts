// The C file the other-editor tests (Neovim, Emacs) open: a struct with two padding holes
// (the hover) and a zero-length array (a diagnostic). Both editors must see the same text.
export const EDITOR_C_TEXT = `struct sample {
    char tag;
    int count;
    char flag;
    double value;
};
struct message {
    int len;
    char body[0];
};
`;
